"""Baseline: the hello-world skill plus a boto3 DynamoDB client and one GetItem per launch.

The floor for a skill that reads its user's item: what boto3 and one call cost on top of the SDK.
The table comes from DYNAMODB_TABLE_NAME, the endpoint from boto3's own AWS_ENDPOINT_URL_DYNAMODB.
"""

import os

import boto3
from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils.predicate import is_request_type
from ask_sdk_core.utils.request_util import get_user_id
from ask_sdk_model.response import Response

TABLE_NAME = os.environ["DYNAMODB_TABLE_NAME"]
client = boto3.client("dynamodb")


class LaunchRequestHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type("LaunchRequest")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        user_id = get_user_id(handler_input)
        item = client.get_item(
            TableName=TABLE_NAME, Key={"id": {"S": user_id}}, ConsistentRead=True
        ).get("Item")
        speech = "Welcome back." if item else "Welcome. You can say hello. What would you like?"
        return handler_input.response_builder.speak(speech).ask(speech).response


builder = SkillBuilder()
builder.add_request_handler(LaunchRequestHandler())
lambda_handler = builder.lambda_handler()
