from django.dispatch import Signal

# Sent on commit after an import changed a term's roster; arguments: term_ids.
roster_changed = Signal()
