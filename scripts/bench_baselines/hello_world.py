"""Baseline: the smallest ask-sdk-core skill, answering a LaunchRequest (the SDK's own floor)."""

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils.predicate import is_request_type
from ask_sdk_model.response import Response


class LaunchRequestHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type("LaunchRequest")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        speech = "Welcome. You can say hello. What would you like?"
        return handler_input.response_builder.speak(speech).ask(speech).response


builder = SkillBuilder()
builder.add_request_handler(LaunchRequestHandler())
lambda_handler = builder.lambda_handler()
