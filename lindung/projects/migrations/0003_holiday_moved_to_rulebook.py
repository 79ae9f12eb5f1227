"""The holiday table now belongs to the rulebook (its 0002 takes over the tables): state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_plausible_dates"),
        ("rulebook", "0002_holiday_moved_from_projects"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalHoliday"),
                migrations.DeleteModel(name="Holiday"),
            ],
            database_operations=[],
        ),
    ]
