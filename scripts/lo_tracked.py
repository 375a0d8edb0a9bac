"""Open a .docx in LibreOffice, count its tracked changes, accept or reject them all (or neither), and save
the text (or, where OUT ends in .docx, the document as LibreOffice writes Word: its links kept). Run by Debian's
/usr/bin/python3 (python3-uno, which scripts/test.sh installs), not by the test environment: the UNO bridge is not
a pip package.

    python3 lo_tracked.py IN.docx OUT.txt|OUT.docx accept|reject|keep PROFILE_DIR
    python3 lo_tracked.py --many JOBS.json PROFILE_DIR

Prints the number of tracked changes LibreOffice found (what its Manage Changes pane lists). With --many,
JOBS.json is a list of [IN.docx, OUT.txt, how] done in one office start (starting one takes seconds), and
one count is printed a line per job, in order."""

import contextlib
import json
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


def resolve(source, target, how, ctx, desktop):
    """One file: its tracked-change count, after saving its text with all of them accepted/rejected/kept."""
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),))
    count = doc.getRedlines().getCount()
    if how != "keep":
        dispatcher = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        command = ".uno:AcceptAllTrackedChanges" if how == "accept" else ".uno:RejectAllTrackedChanges"
        dispatcher.executeDispatch(doc.getCurrentController().getFrame(), command, "", 0, ())
    if target.endswith(".docx"):  # the file as LibreOffice saves it (its links and their targets kept)
        doc.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", "MS Word 2007 XML"),))
    else:
        doc.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", "Text (encoded)"),
                                                         prop("FilterOptions", "UTF8,LF")))
    doc.close(True)
    return count


def main(jobs, profile):
    pipe = f"qmsdoc_{uuid.uuid4().hex}"
    office = subprocess.Popen(["soffice", "--headless", "--norestore", "--nologo", "--nodefault",
                               f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
                               f"--accept=pipe,name={pipe};urp;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop = None
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
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        for source, target, how in jobs:
            print(resolve(source, target, how, ctx, desktop), flush=True)
    finally:
        with contextlib.suppress(Exception):  # LibreOffice may already be gone
            desktop.terminate()
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    if sys.argv[1] == "--many":
        with open(sys.argv[2], encoding="utf-8") as listed:
            main(json.load(listed), sys.argv[3])
    else:
        main([sys.argv[1:4]], sys.argv[4])
