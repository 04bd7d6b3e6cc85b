# Read by the `flask` command only (python-dotenv): development settings for the
# project directory. The container image does not contain this file.
FLASK_APP=wsgi
APP_ENV=development
