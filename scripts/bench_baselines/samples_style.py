"""Baseline: a skill in the official samples' style, with the ask-sdk DynamoDB adapter.

CustomSkillBuilder with `ask_sdk_dynamodb`'s DynamoDbAdapter on a boto3 resource (what
`ask_sdk.standard.StandardSkillBuilder` builds), reading the persistent attributes on launch.
"""

import os

import boto3
from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_core.utils.predicate import is_request_type
from ask_sdk_dynamodb.adapter import DynamoDbAdapter
from ask_sdk_model.response import Response

adapter = DynamoDbAdapter(
    table_name=os.environ["DYNAMODB_TABLE_NAME"],
    create_table=False,
    dynamodb_resource=boto3.resource("dynamodb"),
)


class LaunchRequestHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type("LaunchRequest")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        attributes = handler_input.attributes_manager.persistent_attributes
        visits = attributes.get("visits", 0)
        speech = "Welcome back." if visits else "Welcome. You can say hello. What would you like?"
        return handler_input.response_builder.speak(speech).ask(speech).response


builder = CustomSkillBuilder(persistence_adapter=adapter)
builder.add_request_handler(LaunchRequestHandler())
lambda_handler = builder.lambda_handler()
