from django.urls import path

from sakarkiv import (
    views,
    views_arkivdel,
    views_brev,
    views_journal,
    views_journalpost,
    views_merknad,
    views_mottak,
    views_ny_journalpost,
    views_ny_sak,
)

app_name = "sakarkiv"
urlpatterns = [
    path("", views.start, name="start"),
    path("saker/", views.saksmappe_liste_vis, name="saksmappe-liste"),
    path("saker/ny/", views_ny_sak.ny_sak, name="ny-sak"),
    path("saker/ny/klasser/", views_ny_sak.ny_sak_klasser, name="ny-sak-klasser"),
    path("saker/parter/", views_ny_journalpost.kjente_parter, name="kjente-parter"),
    path(
        "journalposter/<uuid:system_id>/status/",
        views_journalpost.journalpost_status,
        name="journalpost-status",
    ),
    path(
        "journalposter/<uuid:system_id>/flytt/",
        views_journalpost.journalpost_flytt_vis,
        name="journalpost-flytt",
    ),
    path(
        "journalposter/<uuid:system_id>/avskriv/",
        views_journalpost.journalpost_avskriv_vis,
        name="journalpost-avskriv",
    ),
    path(
        "journalposter/<uuid:system_id>/til-godkjenning/",
        views_journalpost.journalpost_til_godkjenning,
        name="journalpost-til-godkjenning",
    ),
    path(
        "journalposter/<uuid:system_id>/godkjenning/",
        views_journalpost.journalpost_godkjenning_besvar,
        name="journalpost-godkjenning",
    ),
    path("saker/<uuid:system_id>/nytt-brev/", views_brev.nytt_brev, name="nytt-brev"),
    path(
        "saker/<uuid:system_id>/merknad/",
        views_merknad.saksmappe_merknad,
        name="saksmappe-merknad",
    ),
    path(
        "saker/<uuid:system_id>/ny-journalpost/",
        views_ny_journalpost.ny_journalpost,
        name="ny-journalpost",
    ),
    path("saker/<uuid:system_id>/", views.saksmappe_detalj, name="saksmappe-detalj"),
    path("enhet/", views.enhet_vis, name="enhet"),
    path(
        "saker/<uuid:system_id>/saksstatus/",
        views_arkivdel.saksmappe_status,
        name="saksmappe-status",
    ),
    path("arkivdeler/", views_arkivdel.arkivdel_liste_vis, name="arkivdeler"),
    path(
        "arkivdeler/<uuid:system_id>/",
        views_arkivdel.arkivdel_handling,
        name="arkivdel-handling",
    ),
    path("journalkontroll/", views.journalkontroll_vis, name="journalkontroll"),
    path("mottak/", views_mottak.mottak_liste, name="mottak"),
    path("mottak/<uuid:system_id>/", views_mottak.mottak_registrer, name="mottak-registrer"),
    path("mottak/<uuid:system_id>/avvis/", views_mottak.mottak_avvis, name="mottak-avvis"),
    path(
        "mottak/<uuid:system_id>/fil/<int:nummer>/",
        views_mottak.mottak_fil,
        name="mottak-fil",
    ),
    path("journal/", views_journal.lopende_journal_vis, name="lopende-journal"),
    path("journal/pdf/", views_journal.lopende_journal_pdf, name="lopende-journal-pdf"),
    path("offentlig-journal/", views_journal.offentlig_journal_vis, name="offentlig-journal"),
    path(
        "offentlig-journal/pdf/",
        views_journal.offentlig_journal_pdf,
        name="offentlig-journal-pdf",
    ),
    path(
        "saker/<uuid:system_id>/saksansvar/",
        views.saksansvar_endre_vis,
        name="saksansvar-endre",
    ),
    path(
        "saker/<uuid:system_id>/sakstilgang/",
        views.sakstilgang_gi_vis,
        name="sakstilgang-gi",
    ),
    path(
        "saker/<uuid:system_id>/sakstilgang/<int:sakstilgang_id>/trekk/",
        views.sakstilgang_trekk_vis,
        name="sakstilgang-trekk",
    ),
]
