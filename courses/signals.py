from django.dispatch import Signal

# Sent after commit when a deputy completes a course; arguments: enrolment.
course_completed = Signal()
