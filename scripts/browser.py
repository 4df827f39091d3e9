"""The "browser" of the sign-in tests: opens a page and follows its redirects (back to Kindly's
loopback address), as a person's browser would after they approve. Usage: browser.py URL"""
import sys
import urllib.request

try:
    urllib.request.urlopen(sys.argv[1], timeout=30).read()
except Exception as e:  # the test reads what Kindly did, not what the page said
    print("browser:", e, file=sys.stderr)
