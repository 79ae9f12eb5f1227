from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_copy_tokens_and_keys"),
    ]

    operations = [
        migrations.DeleteModel(
            name="ApiToken",
        ),
    ]
