import os

from asgiref.sync import iscoroutinefunction
from django.utils.decorators import sync_and_async_middleware


@sync_and_async_middleware
def pid_header(get_response):
    """Adds `X-Pid: <pid of the serving process>`; sync and async, so it adds no thread hop under ASGI."""
    if iscoroutinefunction(get_response):

        async def middleware(request):
            response = await get_response(request)
            response["X-Pid"] = str(os.getpid())
            return response

    else:

        def middleware(request):
            response = get_response(request)
            response["X-Pid"] = str(os.getpid())
            return response

    return middleware
