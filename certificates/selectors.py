"""Reads of issued documents: the learning record's facts and whether a record holds."""

import hashlib
import json
from dataclasses import dataclass

from django.utils import timezone

from certificates.models import Certificate, LearningRecord
from courses.selectors.record import learning_record_facts
from people.models import Deputy


def learning_record_document_facts(*, deputy: Deputy) -> dict:
    """The record's facts (courses.selectors.record) with the deputy's certificates."""
    facts = learning_record_facts(deputy=deputy)
    facts["certificates"] = [
        {
            "serial": certificate.serial,
            "programme": certificate.programme,
            "issue_date": timezone.localdate(certificate.issued_at).isoformat(),
            "valid": certificate.is_valid,
        }
        for certificate in Certificate.objects.filter(deputy=deputy).order_by(
            "issued_at", "pk"
        )
    ]
    return facts


def facts_digest(facts: dict) -> str:
    """A stable fingerprint of the facts: equal facts, equal digest."""
    canonical = json.dumps(facts, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass
class RecordCheck:
    record: LearningRecord
    is_current: bool
    newer_exists: bool


def learning_record_check(*, record: LearningRecord) -> RecordCheck:
    """Does an issued record still say what the deputy's learning says today?"""
    current = facts_digest(learning_record_document_facts(deputy=record.deputy))
    return RecordCheck(
        record=record,
        is_current=current == record.digest,
        newer_exists=LearningRecord.objects.filter(
            deputy_id=record.deputy_id, issued_at__gt=record.issued_at
        ).exists(),
    )
