"""The CloudFormation stack: it lints, and it grants and configures exactly what the skill needs."""

from __future__ import annotations

import importlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from devtools.dynalite import ATTRIBUTE_DEFINITIONS, KEY_SCHEMA

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "infrastructure" / "cfn-deployer" / "skill-stack.yaml"
ASK_RESOURCES = ROOT / "ask-resources.json"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
README = ROOT / "README.md"

# What @ask-cli/cfn-deployer passes on every deploy (its _mapStackParameters).
DEPLOYER_PARAMETERS = {
    "SkillId", "LambdaRuntime", "LambdaHandler", "CodeBucket", "CodeKey", "CodeVersion",
}  # fmt: skip


def load_template(path: Path = TEMPLATE) -> dict[str, Any]:
    """The template as data, with short-form tags (!Ref, !GetAtt, !Sub...) in their long form."""
    # cfn-lint's own loader understands the tags; it ships no type information, hence the
    # dynamic import.
    cfn_yaml = importlib.import_module("cfnlint.decode.cfn_yaml")
    template = cfn_yaml.load(str(path))
    assert isinstance(template, dict)
    # cfn-lint's node types subclass dict/str/list; JSON turns them into plain ones.
    plain: dict[str, Any] = json.loads(json.dumps(template))
    return plain


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return load_template()


def resources_of_type(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in template["Resources"].items() if r["Type"] == kind}


def only_resource(template: dict[str, Any], kind: str) -> tuple[str, dict[str, Any]]:
    found = resources_of_type(template, kind)
    assert len(found) == 1, f"expected one {kind}, found {sorted(found)}"
    return next(iter(found.items()))


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def code_item_actions() -> tuple[str, ...]:
    """The DynamoDB actions the persistence code declares it uses."""
    actions = importlib.import_module("hipback.persistence.dynamodb").IAM_ACTIONS
    assert isinstance(actions, tuple) and all(isinstance(a, str) for a in actions)
    assert actions, "IAM_ACTIONS is empty"
    return actions


@pytest.mark.slow  # `make lint` runs cfn-lint on the template in `make check` as well
def test_cfn_lint_passes() -> None:
    cfn_lint = shutil.which("cfn-lint", path=str(Path(sys.executable).parent))
    assert cfn_lint, "cfn-lint is not installed next to this interpreter (requirements-dev.txt)"
    completed = subprocess.run(
        [cfn_lint, "--", str(TEMPLATE)], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_template_accepts_every_parameter_the_cfn_deployer_passes(template: dict[str, Any]) -> None:
    parameters = template["Parameters"]
    assert set(parameters) >= DEPLOYER_PARAMETERS
    # Anything the deployer does not pass needs a default, or `ask deploy` fails.
    without_default = {name for name, p in parameters.items() if "Default" not in p}
    assert without_default <= DEPLOYER_PARAMETERS


def test_only_this_skill_may_invoke_the_function(template: dict[str, Any]) -> None:
    function_name, _ = only_resource(template, "AWS::Lambda::Function")
    _, permission = only_resource(template, "AWS::Lambda::Permission")
    props = permission["Properties"]
    assert props["Principal"] == "alexa-appkit.amazon.com"
    assert props["Action"].lower() == "lambda:invokefunction"
    assert props["EventSourceToken"] == {"Ref": "SkillId"}
    assert props["FunctionName"] in ({"Fn::GetAtt": [function_name, "Arn"]}, {"Ref": function_name})


def role_statements(template: dict[str, Any]) -> list[dict[str, Any]]:
    role_name, role = only_resource(template, "AWS::IAM::Role")
    props = role["Properties"]
    # A managed policy such as AWSLambdaBasicExecutionRole grants logs on every log group.
    assert "ManagedPolicyArns" not in props
    assert not resources_of_type(template, "AWS::IAM::Policy")
    assert not resources_of_type(template, "AWS::IAM::ManagedPolicy")
    statements = [s for p in props["Policies"] for s in as_list(p["PolicyDocument"]["Statement"])]
    assert all(s["Effect"] == "Allow" for s in statements)
    assert all("NotAction" not in s and "NotResource" not in s for s in statements)
    _, function = only_resource(template, "AWS::Lambda::Function")
    assert function["Properties"]["Role"] == {"Fn::GetAtt": [role_name, "Arn"]}
    return statements


def test_role_allows_only_the_item_actions_the_code_uses_on_the_table(
    template: dict[str, Any],
) -> None:
    table_name, _ = only_resource(template, "AWS::DynamoDB::Table")
    dynamodb = [
        s for s in role_statements(template)
        if any(a.startswith("dynamodb:") for a in as_list(s["Action"]))
    ]  # fmt: skip
    assert len(dynamodb) == 1
    actions = as_list(dynamodb[0]["Action"])
    assert sorted(actions) == sorted(code_item_actions())
    assert len(set(actions)) == len(actions)
    assert as_list(dynamodb[0]["Resource"]) == [{"Fn::GetAtt": [table_name, "Arn"]}]


def test_role_logs_only_to_the_functions_own_log_group(template: dict[str, Any]) -> None:
    group_name, _ = only_resource(template, "AWS::Logs::LogGroup")
    logs = [
        s for s in role_statements(template)
        if any(a.startswith("logs:") for a in as_list(s["Action"]))
    ]  # fmt: skip
    assert len(logs) == 1
    assert set(as_list(logs[0]["Action"])) == {"logs:CreateLogStream", "logs:PutLogEvents"}
    assert as_list(logs[0]["Resource"]) == [{"Fn::GetAtt": [group_name, "Arn"]}]
    _, function = only_resource(template, "AWS::Lambda::Function")
    assert function["Properties"]["LoggingConfig"]["LogGroup"] == {"Ref": group_name}


def test_role_grants_nothing_but_logging_and_the_table(template: dict[str, Any]) -> None:
    actions = [a for s in role_statements(template) for a in as_list(s["Action"])]
    assert all(a.startswith(("logs:", "dynamodb:")) for a in actions), actions
    assert not [a for a in actions if "*" in a]


def test_function_is_arm64_current_python_and_answers_inside_alexas_eight_seconds(
    template: dict[str, Any],
) -> None:
    _, function = only_resource(template, "AWS::Lambda::Function")
    props = function["Properties"]
    assert props["Architectures"] == ["arm64"]
    assert 0 < props["Timeout"] < 8
    assert props["MemorySize"] >= 256
    assert props["Runtime"] == {"Ref": "LambdaRuntime"}
    assert props["Handler"] == {"Ref": "LambdaHandler"}
    runtime = template["Parameters"]["LambdaRuntime"]
    assert re.fullmatch(r"python3\.1[2-9]", runtime["Default"])
    assert runtime["Default"] in runtime["AllowedValues"]


def test_log_group_has_a_retention(template: dict[str, Any]) -> None:
    _, group = only_resource(template, "AWS::Logs::LogGroup")
    assert 1 <= group["Properties"]["RetentionInDays"] <= 365


def test_table_matches_the_persistence_contract(template: dict[str, Any]) -> None:
    _, table = only_resource(template, "AWS::DynamoDB::Table")
    props = table["Properties"]
    # The test server's table (devtools/dynalite.py) is created with this same key schema.
    assert props["KeySchema"] == KEY_SCHEMA == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert props["AttributeDefinitions"] == ATTRIBUTE_DEFINITIONS
    assert props["TimeToLiveSpecification"] == {"AttributeName": "expires", "Enabled": True}
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["SSESpecification"]["SSEEnabled"] is True
    # "Forget me" must not leave the profile restorable from a backup (README, "Privacy").
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is False
    # A fixed TableName would stop a second stack (a test stage) in the same account.
    assert "TableName" not in props


def test_function_environment_wires_skill_id_table_and_salt(template: dict[str, Any]) -> None:
    table_name, _ = only_resource(template, "AWS::DynamoDB::Table")
    _, function = only_resource(template, "AWS::Lambda::Function")
    variables = function["Properties"]["Environment"]["Variables"]
    assert variables["SKILL_ID"] == {"Ref": "SkillId"}
    assert variables["DYNAMODB_TABLE_NAME"] == {"Ref": table_name}
    # The salt comes from a generated secret, never from a literal or a visible parameter.
    salt = variables["USER_ID_SALT"]
    assert isinstance(salt, dict) and set(salt) == {"Fn::Sub"}
    secret_name, secret = only_resource(template, "AWS::SecretsManager::Secret")
    assert salt["Fn::Sub"] == f"{{{{resolve:secretsmanager:${{{secret_name}}}:SecretString}}}}"
    assert "SecretString" not in secret["Properties"]
    assert secret["Properties"]["GenerateSecretString"]["PasswordLength"] >= 32
    assert {"CLINIC_NAME", "CLINIC_PHONE"} <= set(variables)


def test_endpoint_output_is_the_function_arn(template: dict[str, Any]) -> None:
    function_name, _ = only_resource(template, "AWS::Lambda::Function")
    assert template["Outputs"]["SkillEndpoint"]["Value"] == {"Fn::GetAtt": [function_name, "Arn"]}


def documented_variables(markdown: str, heading: str) -> set[str]:
    """Backticked names in the first column of the table under the given heading."""
    section = markdown.split(heading, 1)[1]
    section = re.split(r"\n#{1,2} ", section, maxsplit=1)[0]
    names: set[str] = set()
    for line in section.splitlines():
        cells = line.split("|")
        if line.startswith("|") and len(cells) > 2:
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", cells[1]))
    return names


def test_stack_sets_only_documented_variables(template: dict[str, Any]) -> None:
    architecture = ARCHITECTURE.read_text(encoding="utf-8")
    known = documented_variables(architecture, "## Configuration")
    assert "SKILL_ID" in known  # the table was found
    _, function = only_resource(template, "AWS::Lambda::Function")
    assert set(function["Properties"]["Environment"]["Variables"]) <= known


def test_readme_configuration_table_lists_every_variable() -> None:
    known = documented_variables(ARCHITECTURE.read_text(encoding="utf-8"), "## Configuration")
    readme = README.read_text(encoding="utf-8")
    deploy_part = readme.split("<!-- deploy -->", 1)[1]
    assert documented_variables(deploy_part, "## Configuration") >= known


def test_ask_resources_agrees_with_the_template(template: dict[str, Any]) -> None:
    config = json.loads(ASK_RESOURCES.read_text(encoding="utf-8"))
    infrastructure = config["profiles"]["default"]["skillInfrastructure"]
    assert infrastructure["type"] == "@ask-cli/cfn-deployer"
    user_config = infrastructure["userConfig"]
    assert (ROOT / user_config["templatePath"]).resolve() == TEMPLATE
    parameters = template["Parameters"]
    assert user_config["runtime"] in parameters["LambdaRuntime"]["AllowedValues"]
    # What a plain `aws cloudformation deploy` gets by default is what the ASK CLI deploys.
    assert user_config["runtime"] == parameters["LambdaRuntime"]["Default"]
    assert user_config["handler"] == parameters["LambdaHandler"]["Default"]
    extra = user_config.get("cfn", {}).get("parameters", {})
    assert not set(extra) & DEPLOYER_PARAMETERS  # reserved: the deployer refuses them
    assert set(extra) <= set(parameters)


def test_reserved_concurrency_caps_the_function_and_can_be_turned_off(
    template: dict[str, Any],
) -> None:
    parameter = template["Parameters"]["ReservedConcurrency"]
    pattern = parameter["AllowedPattern"]
    # A cap that lets normal use through (a clinic's users need one or two at once) ...
    assert 5 <= int(parameter["Default"]) <= 100
    assert re.fullmatch(pattern, parameter["Default"])
    assert re.fullmatch(pattern, "1") and re.fullmatch(pattern, "1000")
    # ... that can be removed (empty), but never set to 0, which would silence the skill.
    assert re.fullmatch(pattern, "")
    for refused in ("0", "-1", "1001", "ten", "01"):
        assert not re.fullmatch(pattern, refused), refused
    assert template["Conditions"]["HasReservedConcurrency"] == {
        "Fn::Not": [{"Fn::Equals": [{"Ref": "ReservedConcurrency"}, ""]}]
    }
    _, function = only_resource(template, "AWS::Lambda::Function")
    reserved = {"Ref": "ReservedConcurrency"}
    assert function["Properties"]["ReservedConcurrentExecutions"] == {
        "Fn::If": ["HasReservedConcurrency", reserved, {"Ref": "AWS::NoValue"}]
    }


def test_environment_is_encrypted_with_a_rotating_key_of_the_stack(
    template: dict[str, Any],
) -> None:
    key_name, key = only_resource(template, "AWS::KMS::Key")
    role_name, _ = only_resource(template, "AWS::IAM::Role")
    _, function = only_resource(template, "AWS::Lambda::Function")
    assert function["Properties"]["KmsKeyArn"] == {"Fn::GetAtt": [key_name, "Arn"]}
    props = key["Properties"]
    assert props["EnableKeyRotation"] is True
    assert props.get("KeySpec", "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT"
    statements = as_list(props["KeyPolicy"]["Statement"])
    assert all(s["Effect"] == "Allow" and "NotPrincipal" not in s for s in statements)
    principals = [s["Principal"]["AWS"] for s in statements]
    assert "*" not in principals
    # The account administers the key; the function's role may only decrypt, through Lambda.
    account = {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}
    assert sorted(map(json.dumps, principals)) == sorted(
        map(json.dumps, [account, {"Fn::GetAtt": [role_name, "Arn"]}])
    )
    (role_statement,) = [s for s in statements if s["Principal"]["AWS"] != account]
    assert as_list(role_statement["Action"]) == ["kms:Decrypt"]
    assert role_statement["Condition"] == {
        "StringEquals": {"kms:ViaService": {"Fn::Sub": "lambda.${AWS::Region}.amazonaws.com"}}
    }


def test_every_policy_linter_exception_says_why(template: dict[str, Any]) -> None:
    skips = [
        (name, skip)
        for name, resource in template["Resources"].items()
        for skip in resource.get("Metadata", {}).get("checkov", {}).get("skip", [])
    ]
    assert skips, "no checkov exception found: was the Metadata moved?"
    for name, skip in skips:
        assert re.fullmatch(r"CKV2?_AWS_\d+", skip["id"]), (name, skip)
        assert len(skip.get("comment", "").split()) >= 8, f"{name}: {skip['id']} says no reason"
    # What this stack's key and cap are for is never skipped.
    assert not {"CKV_AWS_115", "CKV_AWS_173", "CKV_AWS_7"} & {skip["id"] for _, skip in skips}
