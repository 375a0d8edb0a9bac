"""Open a .docx in LibreOffice, count its tracked changes, accept or reject them all (or neither), and save
the text. Run by Debian's /usr/bin/python3 (python3-uno, which scripts/test.sh installs), not by the test
environment: the UNO bridge is not a pip package.

    python3 lo_tracked.py IN.docx OUT.txt accept|reject|keep PROFILE_DIR

Prints the number of tracked changes LibreOffice found (what its Manage Changes pane lists)."""

import contextlib
import subprocess
import sys
import time
import uuid

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def prop(name, value):
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


def main(source, target, how, profile):
    pipe = f"qmsdoc_{uuid.uuid4().hex}"
    office = subprocess.Popen(["soffice", "--headless", "--norestore", "--nologo", "--nodefault",
                               f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
                               f"--accept=pipe,name={pipe};urp;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(300):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.2)
        else:
            raise SystemExit("LibreOffice did not start")
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),))
        count = doc.getRedlines().getCount()
        if how != "keep":
            dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
            command = ".uno:AcceptAllTrackedChanges" if how == "accept" else ".uno:RejectAllTrackedChanges"
            dispatcher.executeDispatch(doc.getCurrentController().getFrame(), command, "", 0, ())
        doc.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", "Text (encoded)"),
                                                         prop("FilterOptions", "UTF8,LF")))
        doc.close(True)
        print(count)
    finally:
        with contextlib.suppress(Exception):  # LibreOffice may already be gone
            desktop.terminate()
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main(*sys.argv[1:5])
