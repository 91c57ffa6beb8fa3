"""The ASGI application, for `uvicorn main:app`."""

from app.settings import load
from app.web import create_app

app = create_app(load())
