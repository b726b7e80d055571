from datetime import date

import factory
from django.contrib.auth import get_user_model

from courses.models import Requirement
from people.models import Delegation, Deputy, Term


class TermFactory(factory.django.DjangoModelFactory):
    number = 16
    name = "第十六届"
    starts_on = date(2023, 1, 16)
    ends_on = date(2028, 1, 15)

    class Meta:
        model = Term
        django_get_or_create = ["number"]


class DelegationFactory(factory.django.DjangoModelFactory):
    name = factory.Iterator(["黄浦区", "徐汇区", "浦东新区", "解放军代表团"])
    sort_order = factory.Sequence(int)

    class Meta:
        model = Delegation
        django_get_or_create = ["name"]


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw-secret-123")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class DeputyFactory(factory.django.DjangoModelFactory):
    term = factory.SubFactory(TermFactory)
    deputy_no = factory.Sequence(lambda n: f"16-{n + 1000:04d}")
    name = factory.Faker("name", locale="zh_CN")
    gender = "F"
    delegation = factory.SubFactory(DelegationFactory)
    newly_elected = True
    elected_on = date(2023, 1, 10)
    phone = factory.Sequence(lambda n: f"1380000{n:04d}")
    email = factory.Sequence(lambda n: f"deputy{n}@example.org")

    class Meta:
        model = Deputy

    class Params:
        with_account = factory.Trait(user=factory.SubFactory(UserFactory))


class RequirementFactory(factory.django.DjangoModelFactory):
    name = "第十六届新任代表初任学习"
    slug = factory.Sequence(lambda n: f"initial-{n}")
    term = factory.SubFactory(TermFactory)
    is_initial_learning = True
    deadline = date(2024, 6, 30)

    class Meta:
        model = Requirement
        skip_postgeneration_save = True

    @factory.post_generation
    def courses(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.courses.set(extracted)
