# The French forms of round names and of notices' languages. The existing columns keep
# their values as the English forms; the French ones start empty (the English form shows).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('rounds', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalround',
            name='name_fr',
            field=models.CharField(blank=True, help_text='Leave empty when it is the same as in English.', max_length=200, verbose_name='name in French'),
        ),
        migrations.AddField(
            model_name='historicalvacancynotice',
            name='languages_fr',
            field=models.CharField(blank=True, help_text='Leave empty when it is the same as in English.', max_length=200, verbose_name='languages in French'),
        ),
        migrations.AddField(
            model_name='round',
            name='name_fr',
            field=models.CharField(blank=True, help_text='Leave empty when it is the same as in English.', max_length=200, verbose_name='name in French'),
        ),
        migrations.AddField(
            model_name='vacancynotice',
            name='languages_fr',
            field=models.CharField(blank=True, help_text='Leave empty when it is the same as in English.', max_length=200, verbose_name='languages in French'),
        ),
    ]
