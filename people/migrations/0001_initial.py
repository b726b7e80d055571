"""The people side moves out of courses: same tables (renamed), same rows.

The tables were renamed by courses 0005; this migration only tells Django's
state that the models now live here, and moves their content types (and so their
permissions and admin history) with them.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ["term", "delegation", "deputy"]


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        # A fresh database may already hold an empty one for the new label.
        ContentType.objects.filter(app_label="people", model=model).delete()
        ContentType.objects.filter(app_label="courses", model=model).update(
            app_label="people"
        )


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="people", model__in=MOVED).update(
        app_label="courses"
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("courses", "0005_people_tables_renamed"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Term',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(unique=True, verbose_name='number')),
                        ('name', models.CharField(help_text='e.g. 第十六届', max_length=20, verbose_name='name')),
                        ('starts_on', models.DateField(verbose_name='starts on')),
                        ('ends_on', models.DateField(verbose_name='ends on')),
                    ],
                    options={
                        'verbose_name': 'term',
                        'verbose_name_plural': 'terms',
                        'ordering': ['-number'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('ends_on__gt', models.F('starts_on'))), name='term_dates_in_order')],
                    },
                ),
                migrations.CreateModel(
                    name='Delegation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=40, unique=True, verbose_name='name')),
                        ('sort_order', models.PositiveSmallIntegerField(default=0, verbose_name='sort order')),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='people.delegation', verbose_name='parent delegation')),
                    ],
                    options={
                        'verbose_name': 'delegation',
                        'verbose_name_plural': 'delegations',
                        'ordering': ['sort_order', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='Deputy',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('deputy_no', models.CharField(max_length=32, verbose_name='deputy number')),
                        ('name', models.CharField(max_length=60, verbose_name='name')),
                        ('gender', models.CharField(blank=True, choices=[('M', 'Male'), ('F', 'Female')], max_length=1, verbose_name='gender')),
                        ('level', models.CharField(choices=[('national', 'National'), ('municipal', 'Municipal'), ('district', 'District')], default='municipal', max_length=20, verbose_name='level')),
                        ('newly_elected', models.BooleanField(default=False, verbose_name='newly elected')),
                        ('elected_on', models.DateField(blank=True, null=True, verbose_name='elected on')),
                        ('phone', models.CharField(blank=True, max_length=20, verbose_name='mobile phone')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                        ('is_active', models.BooleanField(default=True, verbose_name='in office')),
                        ('left_on', models.DateField(blank=True, null=True, verbose_name='left office on')),
                        ('left_reason', models.CharField(blank=True, max_length=200, verbose_name='reason for leaving office')),
                        ('password_change_required', models.BooleanField(default=False, verbose_name='must change password at next login')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('delegation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='deputies', to='people.delegation', verbose_name='delegation')),
                        ('user', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='deputy', to=settings.AUTH_USER_MODEL, verbose_name='login account')),
                        ('term', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='deputies', to='people.term', verbose_name='term')),
                    ],
                    options={
                        'verbose_name': 'deputy',
                        'verbose_name_plural': 'deputies',
                        'ordering': ['delegation__sort_order', 'deputy_no'],
                        'indexes': [
                            models.Index(fields=['phone'], name='courses_dep_phone_8daa61_idx'),
                            models.Index(fields=['email'], name='courses_dep_email_eb0d5d_idx'),
                        ],
                        'constraints': [
                            models.UniqueConstraint(fields=('term', 'deputy_no'), name='deputy_no_unique_per_term'),
                            models.CheckConstraint(condition=models.Q(('is_active', True), ('left_on__isnull', False), _connector='OR'), name='deputy_left_office_has_date'),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
