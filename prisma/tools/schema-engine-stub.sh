#!/bin/sh
echo "schema engine binary is not available offline; see docs/decisions/0002" >&2
exit 1
