import io

from infrastructure.notifications.sms import ConsoleBackend, LocmemBackend, sms_backend


def test_the_console_backend_writes_the_message_out():
    stream = io.StringIO()
    ConsoleBackend(stream=stream).send("13800000001", "证书已颁发")
    assert "13800000001" in stream.getvalue() and "证书已颁发" in stream.getvalue()


def test_the_backend_comes_from_settings(settings):
    settings.SMS_BACKEND = "infrastructure.notifications.sms.LocmemBackend"
    assert isinstance(sms_backend(), LocmemBackend)
