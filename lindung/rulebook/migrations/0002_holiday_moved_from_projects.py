"""The holiday table moves from projects to the rulebook, rows and history kept.

The state takes over the existing tables (projects_holiday, projects_historicalholiday),
then the tables are renamed to this app's names and gain the kind (libur nasional or cuti
bersama); existing rows are national holidays.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rulebook", "0001_initial"),
        ("projects", "0002_plausible_dates"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Holiday",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("date", models.DateField(unique=True, verbose_name="tanggal")),
                        ("name", models.CharField(max_length=120, verbose_name="nama")),
                        ("source", models.CharField(blank=True, max_length=120, verbose_name="sumber")),
                        ("confidence", models.CharField(default="CONFIRMED", max_length=15, verbose_name="tingkat kepastian")),
                    ],
                    options={
                        "verbose_name": "hari libur nasional",
                        "verbose_name_plural": "hari libur nasional",
                        "ordering": ["date"],
                        "db_table": "projects_holiday",
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalHoliday",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("date", models.DateField(db_index=True, verbose_name="tanggal")),
                        ("name", models.CharField(max_length=120, verbose_name="nama")),
                        ("source", models.CharField(blank=True, max_length=120, verbose_name="sumber")),
                        ("confidence", models.CharField(default="CONFIRMED", max_length=15, verbose_name="tingkat kepastian")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        ("history_type", models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1)),
                        ("history_user", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "historical hari libur nasional",
                        "verbose_name_plural": "historical hari libur nasional",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                        "db_table": "projects_historicalholiday",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="holiday", table=None),
        migrations.AlterModelTable(name="historicalholiday", table=None),
        migrations.AddField(
            model_name="holiday",
            name="kind",
            field=models.CharField(choices=[("libur", "libur nasional"), ("cuti_bersama", "cuti bersama")], default="libur", max_length=15, verbose_name="jenis"),
        ),
        migrations.AddField(
            model_name="historicalholiday",
            name="kind",
            field=models.CharField(choices=[("libur", "libur nasional"), ("cuti_bersama", "cuti bersama")], default="libur", max_length=15, verbose_name="jenis"),
        ),
    ]
