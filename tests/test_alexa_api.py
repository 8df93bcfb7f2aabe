"""The simulator's Alexa APIs: the skill's own API client and ask-sdk-model's service clients
against the real server on loopback, and bodies Alexa would refuse refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.services.api_configuration import ApiConfiguration
from ask_sdk_model.services.reminder_management.alert_info import AlertInfo
from ask_sdk_model.services.reminder_management.push_notification import PushNotification
from ask_sdk_model.services.reminder_management.push_notification_status import (
    PushNotificationStatus,
)
from ask_sdk_model.services.reminder_management.reminder_request import ReminderRequest
from ask_sdk_model.services.reminder_management.reminder_response import ReminderResponse
from ask_sdk_model.services.reminder_management.spoken_info import SpokenInfo
from ask_sdk_model.services.reminder_management.spoken_text import SpokenText
from ask_sdk_model.services.reminder_management.trigger import Trigger
from ask_sdk_model.services.reminder_management.trigger_type import TriggerType
from ask_sdk_model.services.service_client_factory import ServiceClientFactory
from ask_sdk_model.services.service_exception import ServiceException
from ask_sdk_model.services.timer_management.announce_operation import AnnounceOperation
from ask_sdk_model.services.timer_management.creation_behavior import CreationBehavior
from ask_sdk_model.services.timer_management.display_experience import DisplayExperience
from ask_sdk_model.services.timer_management.notification_config import NotificationConfig
from ask_sdk_model.services.timer_management.text_to_announce import TextToAnnounce
from ask_sdk_model.services.timer_management.timer_request import TimerRequest
from ask_sdk_model.services.timer_management.timer_response import TimerResponse
from ask_sdk_model.services.timer_management.triggering_behavior import TriggeringBehavior
from ask_sdk_model.services.timer_management.visibility import Visibility

from hipback.api_client import BoundedApiClient
from simulator.alexa_api import (
    REMINDERS_PATH,
    TIMERS_PATH,
    AlexaApiServer,
    InvalidBody,
    validate_reminder,
    validate_timer,
)


@pytest.fixture
def api() -> Iterator[AlexaApiServer]:
    with AlexaApiServer() as server:
        yield server


def factory(api: AlexaApiServer, token: str | None = None) -> ServiceClientFactory:
    configuration = ApiConfiguration(
        serializer=DefaultSerializer(),
        api_client=BoundedApiClient(),
        authorization_value=token or api.services.token,
        api_endpoint=api.endpoint,
    )
    return ServiceClientFactory(configuration)


def timer_request() -> TimerRequest:
    return TimerRequest(
        duration="PT20M",
        timer_label="Ice pack",
        creation_behavior=CreationBehavior(DisplayExperience(Visibility.VISIBLE)),
        triggering_behavior=TriggeringBehavior(
            operation=AnnounceOperation([TextToAnnounce("en-US", "Time to take it off.")]),
            notification_config=NotificationConfig(play_audible=True),
        ),
    )


def reminder_request() -> ReminderRequest:
    return ReminderRequest(
        request_time=datetime.now(UTC),
        trigger=Trigger(
            object_type=TriggerType.SCHEDULED_ABSOLUTE,
            scheduled_time=datetime(2030, 1, 8, 10, 0),
            time_zone_id="Europe/London",
        ),
        alert_info=AlertInfo(SpokenInfo([SpokenText(locale="en-GB", text="Time to check in.")])),
        push_notification=PushNotification(PushNotificationStatus.ENABLED),
    )


def body_of(model: Any) -> Any:
    return DefaultSerializer().serialize(model)


def test_a_timer_needs_the_permission_then_is_kept(api: AlexaApiServer) -> None:
    timers = factory(api).get_timer_management_service()
    with pytest.raises(ServiceException) as refused:
        timers.create_timer(timer_request())
    assert refused.value.status_code == 401
    assert api.services.timers == []
    api.services.grant("timers")
    made = timers.create_timer(timer_request())
    assert isinstance(made, TimerResponse)
    assert made.duration == "PT20M" and made.timer_label == "Ice pack"
    assert [timer["id"] for timer in api.services.timers] == [made.id]
    assert [(call.method, call.path, call.status) for call in api.services.calls] == [
        ("POST", TIMERS_PATH, 401),
        ("POST", TIMERS_PATH, 200),
    ]
    assert api.services.calls[1].body == body_of(timer_request())


def test_a_wrong_token_is_refused_even_with_the_permission(api: AlexaApiServer) -> None:
    api.services.grant("timers")
    with pytest.raises(ServiceException) as refused:
        factory(api, token="someone-else").get_timer_management_service().create_timer(
            timer_request()
        )
    assert refused.value.status_code == 401


def test_a_reminder_is_created_and_the_time_zone_read(api: AlexaApiServer) -> None:
    api.services.grant("reminders")
    api.services.time_zone = "Europe/London"
    clients = factory(api)
    assert clients.get_ups_service().get_system_time_zone("amzn1.ask.device.X") == "Europe/London"
    made = clients.get_reminder_management_service().create_reminder(reminder_request())
    assert isinstance(made, ReminderResponse)
    assert made.alert_token and made.status is not None and made.status.value == "ON"
    kept = api.services.reminders[0]["request"]
    assert kept["trigger"]["scheduledTime"] == "2030-01-08T10:00:00"


def test_a_failing_service_answers_500(api: AlexaApiServer) -> None:
    api.services.grant("timers")
    api.services.failing = True
    with pytest.raises(ServiceException) as failed:
        factory(api).get_timer_management_service().create_timer(timer_request())
    assert failed.value.status_code == 500


def test_the_sdk_client_refuses_plain_http() -> None:
    configuration = ApiConfiguration(
        DefaultSerializer(), BoundedApiClient(), "t", "http://127.0.0.1:9"
    )
    with pytest.raises(Exception, match="non-HTTPS"):
        ServiceClientFactory(configuration).get_timer_management_service().create_timer(
            timer_request()
        )


def _broken(body: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    node = body
    for key in path[:-1]:
        node = node[key]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return body


TIMER_BREAKS = [
    (("duration",), "20 minutes"),
    (("duration",), "PT25H"),
    (("duration",), KeyError),
    (("timerLable",), "typo"),
    (("creationBehavior", "displayExperience", "visibility"), "LOUD"),
    (("triggeringBehavior", "operation", "type"), "SING"),
    (("triggeringBehavior", "operation", "textToAnnounce"), []),
    (("triggeringBehavior", "notificationConfig", "playAudible"), KeyError),
]
REMINDER_BREAKS = [
    (("requestTime",), KeyError),
    (("trigger", "type"), "SOMETIME"),
    (("trigger", "scheduledTime"), "next tuesday"),
    (("trigger", "scheduledTime"), KeyError),
    (("alertInfo", "spokenInfo", "content"), []),
    (("alertInfo", "spokenInfo", "contents"), []),
    (("pushNotification", "status"), "LOUD"),
]


def test_well_formed_bodies_pass() -> None:
    validate_timer(body_of(timer_request()))
    validate_reminder(body_of(reminder_request()))


@pytest.mark.parametrize(("path", "value"), TIMER_BREAKS)
def test_a_malformed_timer_body_is_refused(path: tuple[str, ...], value: Any) -> None:
    with pytest.raises(InvalidBody):
        validate_timer(_broken(body_of(timer_request()), path, value))


@pytest.mark.parametrize(("path", "value"), REMINDER_BREAKS)
def test_a_malformed_reminder_body_is_refused(path: tuple[str, ...], value: Any) -> None:
    with pytest.raises(InvalidBody):
        validate_reminder(_broken(body_of(reminder_request()), path, value))


def test_the_server_answers_a_malformed_body_with_400(api: AlexaApiServer) -> None:
    api.services.grant("timers", "reminders")
    headers = {"Authorization": f"Bearer {api.services.token}"}
    for path, body in ((TIMERS_PATH, {"duration": "PT20M"}), (REMINDERS_PATH, {"x": 1})):
        answer = requests.post(api.endpoint + path, json=body, headers=headers, timeout=5)
        assert answer.status_code == 400, answer.text
    assert api.services.timers == [] and api.services.reminders == []
