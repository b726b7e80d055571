"""StreamField blocks: content shared by modules and site pages, and the module's quiz.

The quiz's correct answers live in the stored value only; the template never
prints them and grading happens on the server (``courses.services.quiz``).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtailmedia.blocks import AbstractMediaChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False)
    alt_text = blocks.CharBlock(
        label=_("Text alternative"),
        required=False,
        help_text=_("Describes the image for readers who cannot see it."),
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    description = blocks.CharBlock(label=_("Description"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "blocks/document.html"


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    file = DocumentChooserBlock(
        label=_("Video file"),
        required=False,
        help_text=_("An uploaded MP4 or WebM file."),
    )
    embed = EmbedBlock(label=_("Embedded video"), required=False)
    transcript = blocks.TextBlock(
        label=_("Transcript"),
        required=False,
        help_text=_("A text version for deputies who cannot play the video."),
    )

    def clean(self, value):
        value = super().clean(value)
        if not value.get("file") and not value.get("embed"):
            raise ValidationError(_("Upload a video file or give an embed address."))
        return value

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video.html"


class MediaChooserBlock(AbstractMediaChooserBlock):
    """Chooses a video or an audio; the module's template renders the player."""

    def render_basic(self, value, context=None) -> str:
        return str(value.title) if value else ""

    class Meta:
        icon = "media"


class MediaBlock(blocks.StructBlock):
    """A video or audio from the media library whose watching time is credited."""

    title = blocks.CharBlock(label=_("Title"))
    media = MediaChooserBlock(label=_("Video or audio"))
    transcript = blocks.TextBlock(
        label=_("Transcript"),
        required=False,
        help_text=_("A text version for deputies who cannot play it."),
    )

    def clean(self, value):
        value = super().clean(value)
        media = value.get("media")
        if media is not None and not media.duration:
            raise ValidationError(
                _(
                    "Give the duration of this video or audio in the media library: "
                    "the share watched is measured against it."
                )
            )
        return value

    class Meta:
        icon = "media"
        label = _("Video or audio (time credited)")
        template = "blocks/media.html"


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Choice"))
    correct = blocks.BooleanBlock(label=_("Correct answer"), required=False)

    class Meta:
        label = _("Choice")


class QuestionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("Question"))
    multiple = blocks.BooleanBlock(
        label=_("Multiple choice"),
        required=False,
        help_text=_("Several answers are correct and all of them must be chosen."),
    )
    choices = blocks.ListBlock(ChoiceBlock(), min_num=2, label=_("Choices"))
    explanation = blocks.TextBlock(
        label=_("Explanation"), required=False, help_text=_("Shown after grading.")
    )

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for choice in value["choices"] if choice["correct"])
        if correct == 0:
            raise ValidationError(_("Mark at least one choice as correct."))
        if correct > 1 and not value["multiple"]:
            raise ValidationError(
                _("A single-choice question has exactly one correct answer.")
            )
        return value

    class Meta:
        icon = "help"
        label = _("Question")


class QuizBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), default=_("Quiz"))
    pass_mark = blocks.IntegerBlock(
        label=_("Pass mark (%)"), min_value=0, max_value=100, default=60
    )
    max_attempts = blocks.IntegerBlock(
        label=_("Attempts allowed"),
        min_value=1,
        max_value=10,
        default=2,
        help_text=_("Attempts in each round: one attempt plus one resit by default."),
    )
    cooldown_hours = blocks.IntegerBlock(
        label=_("Hours before a new round"),
        min_value=0,
        max_value=720,
        default=24,
        required=False,
        help_text=_(
            "When a round's attempts are used, the deputy studies the module again "
            "and a new round opens after this many hours; 0 opens it at once."
        ),
    )
    questions = blocks.ListBlock(QuestionBlock(), min_num=1, label=_("Questions"))

    class Meta:
        icon = "tasks"
        label = _("Quiz")
        template = "blocks/quiz.html"


class ContentStreamBlock(blocks.StreamBlock):
    """What any page may hold: headings, text, images, documents and videos."""

    heading = blocks.CharBlock(
        label=_("Heading"), form_classname="title", template="blocks/heading.html"
    )
    text = blocks.RichTextBlock(label=pgettext_lazy("content", "Text"))
    image = ImageBlock()
    document = DocumentBlock()
    video = VideoBlock()


class ModuleStreamBlock(ContentStreamBlock):
    """A module's content and its quizzes, graded towards the module's completion."""

    media = MediaBlock()
    quiz = QuizBlock()
