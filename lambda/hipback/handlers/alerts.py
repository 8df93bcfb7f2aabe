"""Alexa's Timers, Reminders and settings APIs, through ask-sdk-core's service clients.

What a timer or a reminder says when it goes off is fixed content that names no symptom: it
may be heard by anyone in the room, and Alexa keeps it. Failures are logged by HTTP status or
exception type only, never with a body, a token or a user id.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from enum import Enum

from ask_sdk_model.services.service_client_factory import ServiceClientFactory
from ask_sdk_model.services.service_exception import ServiceException

from hipback.handlers.turn import Turn

log = logging.getLogger(__name__)

TIMERS_SCOPE = "alexa::alerts:timers:skill:readwrite"
REMINDERS_SCOPE = "alexa::alerts:reminders:skill:readwrite"
# Ice: up to twenty minutes at a time (the seed's guidance). Heat: the guidance gives no time;
# twenty minutes as well, the project's choice (docs/clinical.md, "Hands-free care").
TIMER_DURATION = "PT20M"
CHECK_IN_AFTER = timedelta(days=7)
# A check-in reminder goes off in the morning, in the user's time zone.
CHECK_IN_TIME = time(10, 0)
DEFAULT_LOCALE = "en-US"


class Result(Enum):
    DONE = "done"
    REFUSED = "refused"  # 401 or 403: the permission is missing or was taken back
    FAILED = "failed"  # the device has no timers, Alexa's API failed, or it took too long


def granted(turn: Turn, scope: str) -> bool:
    """Whether the request says the user has granted `scope`."""
    system = getattr(turn.envelope.context, "system", None)
    permissions = getattr(getattr(system, "user", None), "permissions", None)
    scopes = getattr(permissions, "scopes", None)
    found = scopes.get(scope) if isinstance(scopes, dict) else None
    status = getattr(getattr(found, "status", None), "value", None)
    return status == "GRANTED"


def _factory(turn: Turn) -> ServiceClientFactory | None:
    factory = turn.handler_input.service_client_factory
    return factory if isinstance(factory, ServiceClientFactory) else None


def _locale(turn: Turn) -> str:
    return turn.locale or DEFAULT_LOCALE


def create_timer(turn: Turn, kind: str) -> Result:
    """A twenty-minute timer that announces the end of an ice or heat pack."""
    # Imported here: most turns set nothing, and a cold start need not load these models.
    from ask_sdk_model.services.timer_management.announce_operation import AnnounceOperation
    from ask_sdk_model.services.timer_management.creation_behavior import CreationBehavior
    from ask_sdk_model.services.timer_management.display_experience import DisplayExperience
    from ask_sdk_model.services.timer_management.notification_config import NotificationConfig
    from ask_sdk_model.services.timer_management.text_to_announce import TextToAnnounce
    from ask_sdk_model.services.timer_management.timer_request import TimerRequest
    from ask_sdk_model.services.timer_management.triggering_behavior import TriggeringBehavior
    from ask_sdk_model.services.timer_management.visibility import Visibility

    request = TimerRequest(
        duration=TIMER_DURATION,
        timer_label=turn.text(f"care.{kind}_label"),
        creation_behavior=CreationBehavior(DisplayExperience(Visibility.VISIBLE)),
        triggering_behavior=TriggeringBehavior(
            operation=AnnounceOperation(
                [TextToAnnounce(_locale(turn), turn.text(f"care.{kind}_announce"))]
            ),
            notification_config=NotificationConfig(play_audible=True),
        ),
    )
    return _call(
        "timer",
        lambda factory: factory.get_timer_management_service().create_timer(request),
        turn,
    )


def check_in_time(turn: Turn) -> tuple[datetime, str]:
    """When the check-in reminder goes off: a week from today, in the morning, as a local time,
    and the time zone it is local to (the device's setting, else UTC)."""
    # Imported here: zoneinfo scans the time-zone paths (about 3 ms), which only a reminder
    # needs, not every cold start.
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    zone_id = _time_zone(turn)
    try:
        zone = ZoneInfo(zone_id)
    except (ZoneInfoNotFoundError, ValueError):
        zone_id, zone = "UTC", ZoneInfo("UTC")
    today = datetime.now(UTC).astimezone(zone).date()
    return datetime.combine(today + CHECK_IN_AFTER, CHECK_IN_TIME), zone_id


def create_check_in(turn: Turn, when: datetime, zone_id: str) -> Result:
    """The check-in reminder: a local time a week ahead, and a line that names no symptom."""
    from ask_sdk_model.services.reminder_management.alert_info import AlertInfo
    from ask_sdk_model.services.reminder_management.push_notification import PushNotification
    from ask_sdk_model.services.reminder_management.push_notification_status import (
        PushNotificationStatus,
    )
    from ask_sdk_model.services.reminder_management.reminder_request import ReminderRequest
    from ask_sdk_model.services.reminder_management.spoken_info import SpokenInfo
    from ask_sdk_model.services.reminder_management.spoken_text import SpokenText
    from ask_sdk_model.services.reminder_management.trigger import Trigger
    from ask_sdk_model.services.reminder_management.trigger_type import TriggerType

    request = ReminderRequest(
        request_time=datetime.now(UTC),
        trigger=Trigger(
            object_type=TriggerType.SCHEDULED_ABSOLUTE, scheduled_time=when, time_zone_id=zone_id
        ),
        alert_info=AlertInfo(
            SpokenInfo([SpokenText(locale=_locale(turn), text=turn.text("care.reminder_announce"))])
        ),
        push_notification=PushNotification(PushNotificationStatus.ENABLED),
    )
    # Create only: reading reminders back fails in ask-sdk-model (its alert info names a module
    # that does not exist), so nothing here depends on it.
    return _call(
        "reminder",
        lambda factory: factory.get_reminder_management_service().create_reminder(request),
        turn,
    )


def _time_zone(turn: Turn) -> str:
    """The device's time zone from Alexa's settings API, or UTC when it cannot be had."""
    factory = _factory(turn)
    device = getattr(getattr(turn.envelope.context, "system", None), "device", None)
    device_id = getattr(device, "device_id", None)
    if factory is None or not isinstance(device_id, str):
        return "UTC"
    try:
        zone = factory.get_ups_service().get_system_time_zone(device_id)
    except Exception as error:
        log.warning("time zone not read: %s", _described(error))
        return "UTC"
    if not isinstance(zone, str) or not zone:
        return "UTC"
    turn.learn_time_zone(zone)
    return zone


def _call(what: str, call: Callable[[ServiceClientFactory], object], turn: Turn) -> Result:
    factory = _factory(turn)
    if factory is None:
        return Result.FAILED
    try:
        call(factory)
    except ServiceException as error:
        if error.status_code in (401, 403):
            return Result.REFUSED
        log.warning("%s not set: %s", what, _described(error))
        return Result.FAILED
    except Exception as error:
        log.warning("%s not set: %s", what, _described(error))
        return Result.FAILED
    return Result.DONE


def _described(error: Exception) -> str:
    # The status or the type, never the message: a message may quote what was sent.
    if isinstance(error, ServiceException):
        return f"HTTP {error.status_code}"
    return type(error).__name__
