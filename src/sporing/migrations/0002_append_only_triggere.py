from django.db import migrations


def installer(apps, schema_editor):
    from sporing.triggere import installer_triggere

    installer_triggere(schema_editor.connection)


def fjern(apps, schema_editor):
    from sporing.triggere import fjern_triggere

    fjern_triggere(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("sporing", "0001_initial")]
    operations = [migrations.RunPython(installer, fjern)]
