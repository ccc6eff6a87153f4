# The French forms of cities and capitals. The existing columns keep their values as the
# English forms; the French ones start empty, which shows the English form until filled.

from django.db import migrations, models

import base.search


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0006_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="country",
            name="capital_fr",
            field=models.CharField(
                blank=True,
                help_text="Leave empty when it is the same as in English.",
                max_length=100,
                verbose_name="capital in French",
            ),
        ),
        migrations.AddField(
            model_name="embassy",
            name="city_fr",
            field=models.CharField(
                blank=True,
                help_text="Leave empty when it is the same as in English.",
                max_length=100,
                verbose_name="city in French",
            ),
        ),
        migrations.AddField(
            model_name="historicalcountry",
            name="capital_fr",
            field=models.CharField(
                blank=True,
                help_text="Leave empty when it is the same as in English.",
                max_length=100,
                verbose_name="capital in French",
            ),
        ),
        migrations.AddField(
            model_name="historicalembassy",
            name="city_fr",
            field=models.CharField(
                blank=True,
                help_text="Leave empty when it is the same as in English.",
                max_length=100,
                verbose_name="city in French",
            ),
        ),
        migrations.AddField(
            model_name="historicalsection",
            name="city_fr",
            field=models.CharField(
                blank=True,
                help_text="Leave empty when it is the same as in English.",
                max_length=100,
                verbose_name="city in French",
            ),
        ),
        migrations.AddField(
            model_name="section",
            name="city_fr",
            field=models.CharField(
                blank=True,
                help_text="Leave empty when it is the same as in English.",
                max_length=100,
                verbose_name="city in French",
            ),
        ),
        base.search.trigram_indexes("network_country", "capital_fr"),
        base.search.trigram_indexes("network_embassy", "city_fr"),
        base.search.trigram_indexes("network_section", "city_fr"),
    ]
