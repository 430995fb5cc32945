"""A systemID for every role assignment (the API's admin/rettighet/): added empty, filled with
a fresh UUIDv7 per existing row, then made unique and required."""

from typing import Any

from django.db import migrations, models

import felles.ids


def fyll_system_id(apps: Any, schema_editor: Any) -> None:
    Rolletildeling = apps.get_model("organisasjon", "Rolletildeling")
    rader = list(Rolletildeling.objects.filter(system_id__isnull=True).only("pk"))
    for rad in rader:
        rad.system_id = felles.ids.uuid7()
    Rolletildeling.objects.bulk_update(rader, ["system_id"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("organisasjon", "0002_bruker_okt_generasjon"),
    ]

    operations = [
        migrations.AddField(
            model_name="rolletildeling",
            name="system_id",
            field=models.UUIDField(editable=False, null=True, help_text="M001 systemID"),
        ),
        migrations.RunPython(fyll_system_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="rolletildeling",
            name="system_id",
            field=models.UUIDField(
                default=felles.ids.uuid7, editable=False, help_text="M001 systemID", unique=True
            ),
        ),
    ]
