#!/bin/sh
# Test-only RSA keys (never used anywhere but the fake SQL API server) and their fingerprints,
# computed with the command Snowflake documents for RSA_PUBLIC_KEY_FP.
set -e
cd "$(dirname "$0")"
openssl genrsa 2048 2>/dev/null | openssl pkcs8 -topk8 -inform PEM -outform PEM -nocrypt -out rsa_key.p8
openssl genrsa 2048 2>/dev/null | openssl pkcs8 -topk8 -inform PEM -outform PEM -v2 aes-256-cbc -passout pass:test-passphrase-42 -out rsa_key_encrypted.p8
for k in rsa_key rsa_key_encrypted; do
  openssl pkey -in $k.p8 -passin pass:test-passphrase-42 -pubout -outform DER | openssl dgst -sha256 -binary | openssl enc -base64 | sed 's/^/SHA256:/' > $k.fp
done
