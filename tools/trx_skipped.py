#!/usr/bin/python3
"""Lists the skipped tests in the TRX files of a folder, each with its skip reason (build.sh prints this)."""
import glob
import os
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}

for path in sorted(glob.glob(os.path.join(sys.argv[1], "**", "*.trx"), recursive=True)):
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult[@outcome='NotExecuted']", NS):
        message = result.find("t:Output/t:ErrorInfo/t:Message", NS)
        reason = message.text.strip() if message is not None and message.text else "(no reason given)"
        print(f"  SKIPPED {result.get('testName')}\n          {reason}")
