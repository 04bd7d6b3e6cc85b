"""The API's shared parts: authentication, pagination, throttles, problem details, schema."""
