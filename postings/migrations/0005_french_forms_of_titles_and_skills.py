# The French forms of position titles and of people's languages and specialties. The
# existing columns keep their values as the English forms; the French ones start empty,
# which shows the English form until filled.

from django.db import migrations, models

import base.search


class Migration(migrations.Migration):
    dependencies = [
        ("postings", "0004_role_minimum_rank_and_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalperson",
            name="languages_fr",
            field=models.CharField(
                blank=True,
                help_text="Leave empty when it is the same as in English.",
                max_length=200,
                verbose_name="languages in French",
            ),
        ),
        migrations.AddField(
            model_name="historicalperson",
            name="specialties_fr",
            field=models.CharField(
                blank=True,
                help_text="Leave empty when it is the same as in English.",
                max_length=200,
                verbose_name="specialties in French",
            ),
        ),
        migrations.AddField(
            model_name="historicalposition",
            name="title_fr",
            field=models.CharField(
                blank=True,
                help_text="Leave empty when it is the same as in English.",
                max_length=200,
                verbose_name="title in French",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="languages_fr",
            field=models.CharField(
                blank=True,
                help_text="Leave empty when it is the same as in English.",
                max_length=200,
                verbose_name="languages in French",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="specialties_fr",
            field=models.CharField(
                blank=True,
                help_text="Leave empty when it is the same as in English.",
                max_length=200,
                verbose_name="specialties in French",
            ),
        ),
        migrations.AddField(
            model_name="position",
            name="title_fr",
            field=models.CharField(
                blank=True,
                help_text="Leave empty when it is the same as in English.",
                max_length=200,
                verbose_name="title in French",
            ),
        ),
        base.search.trigram_indexes("postings_position", "title_fr"),
    ]
