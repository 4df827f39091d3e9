"""A stand-in for the desktop's notification server (org.freedesktop.Notifications) on the
test's own session bus: each notification an app shows is written to a file as a JSON line, so
an end-to-end test can check what popped up. Usage: notifications.py OUT_FILE (prints "ready"
once it owns the name)."""

import asyncio
import json
import sys

from dbus_next.aio import MessageBus
from dbus_next.constants import RequestNameReply
from dbus_next.service import ServiceInterface, method


class Notifications(ServiceInterface):
    def __init__(self, out):
        super().__init__("org.freedesktop.Notifications")
        self.out = out
        self.count = 0

    @method()
    def Notify(self, app_name: "s", replaces_id: "u", app_icon: "s", summary: "s", body: "s",
               actions: "as", hints: "a{sv}", expire_timeout: "i") -> "u":
        self.count += 1
        with open(self.out, "a", encoding="utf-8") as f:
            f.write(json.dumps({"app_name": app_name, "summary": summary, "body": body}) + "\n")
        return self.count

    @method()
    def GetCapabilities(self) -> "as":
        return ["body"]

    @method()
    def GetServerInformation(self) -> "ssss":
        return ["kindly-test-notifications", "kindly", "1.0", "1.2"]

    @method()
    def CloseNotification(self, id: "u"):
        return None


async def main(out):
    bus = await MessageBus().connect()
    bus.export("/org/freedesktop/Notifications", Notifications(out))
    reply = await bus.request_name("org.freedesktop.Notifications")
    if reply != RequestNameReply.PRIMARY_OWNER:
        sys.exit("notifications: another notification server owns the name on this bus")
    print("ready", flush=True)
    await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
