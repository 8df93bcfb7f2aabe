"""Names that vulture (``make deadcode``) cannot see being used: frameworks and the standard
library call or read them. Never imported: vulture only reads it, beside the code.
"""

# ruff: noqa: B018
from typing import Any

_: Any = None

# ask-sdk calls these on every registered handler, interceptor and exception handler.
_.can_handle
_.handle
_.process
# AWS Lambda calls the function named in its configuration.
_.lambda_handler
# pytest calls its hooks by name.
_.pytest_configure
# A module's __getattr__ (PEP 562): hipback.persistence loads SqliteStore only when asked.
_.__getattr__
# zipfile reads these ZipInfo attributes when writing the Lambda zip.
_.create_system
_.external_attr
_.compress_type
# sqlite3 reads a connection's row_factory.
_.row_factory
# http.server calls and reads these on its handlers and servers (the tests' fault proxy, the
# simulator's Alexa APIs).
_.do_POST
_.do_GET
_.log_message
_.handle_error
_.client_address
_.protocol_version
_.daemon_threads
_.timeout
_.close_connection
# A part of the cache key of the compiled resolver models, never read in the body.
_.mtime_ns
