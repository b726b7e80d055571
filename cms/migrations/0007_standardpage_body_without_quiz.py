"""Standard pages lose the quiz block: only a module's quizzes count towards anything.

A change of block set changes only the field's definition; a stored quiz block
would be silently skipped when the page is shown, and would stay in the
database and in the revisions an editor may go back to. So quiz blocks are
removed from every standard page and from every revision of one first (the
reverse keeps what is left: the removed quizzes do not come back).
"""

import wagtail.fields
from django.db import migrations
from wagtail.blocks.migrations.migrate_operation import MigrateStreamData
from wagtail.blocks.migrations.operations import RemoveStreamChildrenOperation


class Migration(migrations.Migration):

    dependencies = [
        ('cms', '0006_cache_table'),
    ]

    operations = [
        MigrateStreamData(
            app_name="cms",
            model_name="StandardPage",
            field_name="body",
            operations_and_block_paths=[
                (RemoveStreamChildrenOperation(name="quiz"), ""),
            ],
        ),
        migrations.AlterField(
            model_name='standardpage',
            name='body',
            field=wagtail.fields.StreamField([('heading', 0), ('text', 1), ('image', 5), ('document', 8), ('video', 13)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'form_classname': 'title', 'label': 'Heading', 'template': 'blocks/heading.html'}), 1: ('wagtail.blocks.RichTextBlock', (), {'label': 'Text'}), 2: ('wagtail.images.blocks.ImageChooserBlock', (), {'label': 'Image'}), 3: ('wagtail.blocks.CharBlock', (), {'label': 'Caption', 'required': False}), 4: ('wagtail.blocks.CharBlock', (), {'help_text': 'Describes the image for readers who cannot see it.', 'label': 'Text alternative', 'required': False}), 5: ('wagtail.blocks.StructBlock', [[('image', 2), ('caption', 3), ('alt_text', 4)]], {}), 6: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'label': 'Document'}), 7: ('wagtail.blocks.CharBlock', (), {'label': 'Description', 'required': False}), 8: ('wagtail.blocks.StructBlock', [[('document', 6), ('description', 7)]], {}), 9: ('wagtail.blocks.CharBlock', (), {'label': 'Title'}), 10: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'help_text': 'An uploaded MP4 or WebM file.', 'label': 'Video file', 'required': False}), 11: ('wagtail.embeds.blocks.EmbedBlock', (), {'label': 'Embedded video', 'required': False}), 12: ('wagtail.blocks.TextBlock', (), {'help_text': 'A text version for deputies who cannot play the video.', 'label': 'Transcript', 'required': False}), 13: ('wagtail.blocks.StructBlock', [[('title', 9), ('file', 10), ('embed', 11), ('transcript', 12)]], {})}, verbose_name='content'),
        ),
    ]
