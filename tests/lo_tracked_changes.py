"""LibreOffice accepts or rejects every tracked change of DOCX files and prints their text as JSON.

    python3 lo_tracked_changes.py PROFILE_DIR accept=FILE.docx reject=FILE.docx none=FILE.docx ...

Run by tests/test_diff.py with a Python that has LibreOffice's ``uno`` module
(Debian: python3-uno, which comes with LibreOffice Writer).  Prints a list, one
{"paragraphs": [...], "notes": [...]} per file: the body's paragraphs and the
footnotes' text as LibreOffice holds them after accepting (or rejecting) all
its changes, or as it opened them ("none").  One LibreOffice serves every file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _hidden() -> tuple:
    prop = PropertyValue()
    prop.Name, prop.Value = "Hidden", True
    return (prop,)


def main() -> int:
    profile, jobs = sys.argv[1], [arg.split("=", 1) for arg in sys.argv[2:]]
    pipe = f"dossier-test-{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--nologo", "--norestore",
         f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop = None
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(240):  # LibreOffice takes a few seconds to start listening
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.25)
        else:
            print("LibreOffice did not start", file=sys.stderr)
            return 1
        manager = context.ServiceManager
        desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        dispatcher = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        result = []
        for mode, path in jobs:
            url = uno.systemPathToFileUrl(os.path.abspath(path))
            document = desktop.loadComponentFromURL(url, "_blank", 0, _hidden())
            if mode != "none":
                command = ".uno:AcceptAllTrackedChanges" if mode == "accept" else ".uno:RejectAllTrackedChanges"
                dispatcher.executeDispatch(document.getCurrentController().getFrame(), command, "", 0, ())
            paragraphs = []
            enumeration = document.getText().createEnumeration()
            while enumeration.hasMoreElements():
                paragraphs.append(enumeration.nextElement().getString())
            notes = document.getFootnotes()
            result.append({"paragraphs": paragraphs,
                           "notes": [notes.getByIndex(i).getString() for i in range(notes.getCount())]})
            document.close(True)
        print(json.dumps(result))
        return 0
    finally:
        if desktop is not None:
            try:
                desktop.terminate()
            except Exception:
                pass
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    sys.exit(main())
