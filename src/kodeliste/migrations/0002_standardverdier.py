"""Seed the Noark 5 code lists from `kodeliste.standardverdier`.

Idempotent: a list is matched on `navn` and a value on (list, `kode`), so running it again
updates the standard values in place. Reversing deletes the standard values and the lists
left empty; values an organisation added itself (and their lists) stay.

When the data in `standardverdier` changes, add a new migration that calls `last_inn` again.
"""

from django.db import migrations


def last_inn(apps, schema_editor):
    from kodeliste import standardverdier

    Kodeliste = apps.get_model("kodeliste", "Kodeliste")
    Kodeverdi = apps.get_model("kodeliste", "Kodeverdi")

    for definisjon in standardverdier.KODELISTER:
        liste, _ = Kodeliste.objects.update_or_create(
            navn=definisjon.navn,
            defaults={
                "visningsnavn": definisjon.visningsnavn,
                "m_nummer": definisjon.m_nummer,
                "er_aapen": definisjon.er_aapen,
                "beskrivelse": definisjon.beskrivelse,
            },
        )
        for verdi in definisjon.verdier:
            Kodeverdi.objects.update_or_create(
                kodeliste=liste,
                kode=verdi.kode,
                defaults={
                    "kodenavn": verdi.kodenavn,
                    "beskrivelse": verdi.beskrivelse,
                    "gyldig_fra": verdi.gyldig_fra,
                    "utdatert": verdi.utdatert,
                    "er_standard": True,
                    "standard_skjermingshjemmel": verdi.standard_skjermingshjemmel,
                    "standard_skjermingsvarighet": verdi.standard_skjermingsvarighet,
                },
            )


def fjern(apps, schema_editor):
    from kodeliste import standardverdier

    Kodeliste = apps.get_model("kodeliste", "Kodeliste")
    Kodeverdi = apps.get_model("kodeliste", "Kodeverdi")

    navn = [definisjon.navn for definisjon in standardverdier.KODELISTER]
    Kodeverdi.objects.filter(er_standard=True).delete()
    Kodeliste.objects.filter(navn__in=navn, verdier__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("kodeliste", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(last_inn, fjern),
    ]
