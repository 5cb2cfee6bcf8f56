# shellcheck shell=bash
# The certificate of scripts/run.sh --tls and scripts/cluster.sh up N --tls; sourced by both, not run.
#
# tls_keystore DIR   sets TLS_KEYSTORE (a PKCS12 or JKS file), TLS_PASSWORD (exported: keytool and openssl
#                    read it from the environment, so it never shows in ps), TLS_ALIAS (its key entry) and
#                    TLS_CERT (the certificate as PEM, for clients to trust; empty for a keystore of yours).
#   With SOCKETGRID_TLS_KEYSTORE set: that keystore, its password SOCKETGRID_TLS_KEYSTORE_PASSWORD (which is
#   also the key's) and the key entry SOCKETGRID_TLS_ALIAS (needed only when it holds several).
#   Otherwise: a self-signed certificate for localhost and 127.0.0.1 in DIR/tls/ (keystore.p12, a random
#   password in keystore.password, the certificate in localhost.crt), generated the first time and reused
#   until it is 800 days old (it is valid for 825, the most Apple's clients accept).
# tls_pem FILE       writes the key entry's certificate chain and private key to FILE as PEM (mode 600),
#                    the form HAProxy reads.

tls_fail() {
  echo "TLS: $*" >&2
  exit 1
}

tls_keystore() {
  local dir="$1/tls"
  command -v keytool >/dev/null || tls_fail "keytool (from the JDK) is not on the PATH"
  if [[ -n "${SOCKETGRID_TLS_KEYSTORE:-}" ]]; then
    [[ -r "$SOCKETGRID_TLS_KEYSTORE" ]] || tls_fail "cannot read SOCKETGRID_TLS_KEYSTORE=$SOCKETGRID_TLS_KEYSTORE"
    [[ -n "${SOCKETGRID_TLS_KEYSTORE_PASSWORD:-}" ]] || tls_fail "SOCKETGRID_TLS_KEYSTORE needs SOCKETGRID_TLS_KEYSTORE_PASSWORD"
    TLS_KEYSTORE=$(realpath "$SOCKETGRID_TLS_KEYSTORE")
    export TLS_PASSWORD="$SOCKETGRID_TLS_KEYSTORE_PASSWORD"
    TLS_ALIAS="${SOCKETGRID_TLS_ALIAS:-}"
    TLS_CERT=""
  else
    TLS_KEYSTORE="$(realpath -m "$dir/keystore.p12")"
    TLS_ALIAS=socketgrid
    TLS_CERT="$(realpath -m "$dir/localhost.crt")"
    local fresh=false
    if [[ ! -f "$TLS_KEYSTORE" || ! -f "$dir/keystore.password" || -n "$(find "$TLS_KEYSTORE" -mtime +800 -print)" ]]; then
      mkdir -p "$dir"
      rm -f "$TLS_KEYSTORE" "$TLS_CERT"
      (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$dir/keystore.password")
      fresh=true
    fi
    export TLS_PASSWORD; TLS_PASSWORD=$(cat "$dir/keystore.password")
    if [[ $fresh == true ]]; then
      echo "generating a self-signed certificate for localhost and 127.0.0.1 in $dir/"
      keytool -genkeypair -alias "$TLS_ALIAS" -keyalg EC -groupname secp256r1 -validity 825 \
        -dname "CN=localhost, OU=SocketGrid development" -ext "SAN=dns:localhost,ip:127.0.0.1" \
        -storetype PKCS12 -keystore "$TLS_KEYSTORE" -storepass:env TLS_PASSWORD >/dev/null 2>&1 \
        || tls_fail "keytool could not generate $TLS_KEYSTORE"
      keytool -exportcert -rfc -alias "$TLS_ALIAS" -keystore "$TLS_KEYSTORE" -storepass:env TLS_PASSWORD \
        -file "$TLS_CERT" >/dev/null 2>&1 || tls_fail "keytool could not export $TLS_CERT"
    fi
  fi
  local entries
  entries=$(LC_ALL=C keytool -list -v -keystore "$TLS_KEYSTORE" -storepass:env TLS_PASSWORD 2>&1) \
    || tls_fail "keytool cannot read $TLS_KEYSTORE with that password: $(head -n 1 <<<"$entries")"
  # the aliases of the key entries (a certificate alone cannot serve TLS)
  local keys
  keys=$(awk '/^Alias name: /{alias=substr($0, 13)} /^Entry type: PrivateKeyEntry/{print alias}' <<<"$entries")
  if [[ -z "$TLS_ALIAS" ]]; then
    [[ $(grep -c . <<<"$keys") -eq 1 ]] \
      || tls_fail "$TLS_KEYSTORE holds $(grep -c . <<<"$keys") key entries; name one with SOCKETGRID_TLS_ALIAS (${keys//$'\n'/, })"
    TLS_ALIAS="$keys"
  fi
  grep -qxF "$TLS_ALIAS" <<<"$keys" \
    || tls_fail "$TLS_KEYSTORE has no key entry '$TLS_ALIAS' (key entries: ${keys//$'\n'/, })"
}

tls_pem() {
  local out=$1 tmp
  command -v openssl >/dev/null || tls_fail "openssl is needed to hand the key to HAProxy (apt-get install openssl)"
  tmp=$(mktemp -d)
  # only the chosen entry, as PKCS12 (the source may be JKS); then its certificates and key as PEM
  keytool -importkeystore -srckeystore "$TLS_KEYSTORE" -srcstorepass:env TLS_PASSWORD -srcalias "$TLS_ALIAS" \
    -destkeystore "$tmp/entry.p12" -deststoretype PKCS12 -deststorepass:env TLS_PASSWORD -destalias "$TLS_ALIAS" \
    >/dev/null 2>&1 || { rm -rf "$tmp"; tls_fail "keytool could not copy '$TLS_ALIAS' out of $TLS_KEYSTORE"; }
  (umask 077; openssl pkcs12 -in "$tmp/entry.p12" -nodes -passin env:TLS_PASSWORD 2>/dev/null \
    | sed -n '/^-----BEGIN/,/^-----END/p' > "$out")
  rm -rf "$tmp"
  grep -q 'PRIVATE KEY' "$out" || tls_fail "openssl could not read the key of '$TLS_ALIAS' from $TLS_KEYSTORE"
}
