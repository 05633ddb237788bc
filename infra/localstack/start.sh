#!/usr/bin/env bash
# Brings up the AWS APIs the integration suite needs and writes their endpoints to $TP_RUN/env.
#  - If LocalStack already answers at AWS_ENDPOINT_URL (default http://127.0.0.1:4566, e.g. Docker), use it.
#  - Otherwise install LocalStack 4.14.0 (every dependency pinned) into a cached virtualenv and run it in
#    host mode: no Docker needed.
#  - DynamoDB: host-mode LocalStack would download DynamoDB Local at first use, which cannot work offline,
#    so unless the running LocalStack already serves DynamoDB (Docker does), moto's server serves it on
#    127.0.0.1:$MOTO_PORT and the SDK is pointed there with AWS_ENDPOINT_URL_DYNAMODB.
set -euo pipefail
source "$(dirname "$0")/common.sh"

if answers "$LOCALSTACK_ENDPOINT/_localstack/health"; then
  log "using the LocalStack already answering at $LOCALSTACK_ENDPOINT"
else
  # LocalStack 4.14 uses Python 3.12 syntax, whatever its metadata says.
  venv="$(ensure_venv localstack-4.14.0 "$TP_ROOT/infra/localstack/requirements-localstack.txt" 12)"
  host_port="${LOCALSTACK_ENDPOINT#http://}"
  mkdir -p "$TP_RUN/volume"
  log "starting LocalStack in host mode on $host_port (log: $TP_RUN/localstack.log)"
  (
    cd "$TP_RUN"
    export DNS_ADDRESS=0 SKIP_SSL_CERT_DOWNLOAD=1 DISABLE_EVENTS=1 GATEWAY_LISTEN="$host_port"
    export SERVICES="${LOCALSTACK_SERVICES:-route53,sts,events,cloudformation,iam,ssm,s3,lambda,logs}"
    export LOCALSTACK_VOLUME_DIR="$TP_RUN/volume" EAGER_SERVICE_LOADING=1
    setsid "$venv/bin/python" -m localstack.runtime.main >"$TP_RUN/localstack.log" 2>&1 &
    echo $! >"$TP_RUN/localstack.pid"
  )
  for _ in $(seq 1 180); do
    answers "$LOCALSTACK_ENDPOINT/_localstack/health" && break
    if ! kill -0 "$(cat "$TP_RUN/localstack.pid")" 2>/dev/null; then
      log "LocalStack exited; last lines of its log:"; tail -n 30 "$TP_RUN/localstack.log" >&2; exit 1
    fi
    sleep 1
  done
  answers "$LOCALSTACK_ENDPOINT/_localstack/health" || { log "LocalStack did not become healthy in 180 s"; exit 1; }
fi

dynamodb_endpoint="${AWS_ENDPOINT_URL_DYNAMODB:-}"
if [ -z "$dynamodb_endpoint" ]; then
  if curl -fsS --max-time 2 "$LOCALSTACK_ENDPOINT/_localstack/health" | grep -Eq '"dynamodb": "(available|running)"'; then
    dynamodb_endpoint="$LOCALSTACK_ENDPOINT"
  else
    dynamodb_endpoint="http://127.0.0.1:$MOTO_PORT"
    if ! answers "$dynamodb_endpoint/moto-api/"; then
      venv="$(ensure_venv moto-5.2.5 "$TP_ROOT/infra/localstack/requirements-moto.txt")"
      log "starting moto's server for DynamoDB on 127.0.0.1:$MOTO_PORT"
      setsid "$venv/bin/moto_server" -H 127.0.0.1 -p "$MOTO_PORT" >"$TP_RUN/moto.log" 2>&1 &
      echo $! >"$TP_RUN/moto.pid"
      for _ in $(seq 1 60); do answers "$dynamodb_endpoint/moto-api/" && break; sleep 0.5; done
      answers "$dynamodb_endpoint/moto-api/" || { log "moto did not start"; tail -n 30 "$TP_RUN/moto.log" >&2; exit 1; }
    fi
  fi
fi

cat >"$TP_RUN/env" <<ENV
export AWS_ENDPOINT_URL=$LOCALSTACK_ENDPOINT
export AWS_ENDPOINT_URL_DYNAMODB=$dynamodb_endpoint
export AWS_REGION=\${AWS_REGION:-us-east-1}
export AWS_ACCESS_KEY_ID=\${AWS_ACCESS_KEY_ID:-test}
export AWS_SECRET_ACCESS_KEY=\${AWS_SECRET_ACCESS_KEY:-test}
ENV
log "ready: AWS_ENDPOINT_URL=$LOCALSTACK_ENDPOINT AWS_ENDPOINT_URL_DYNAMODB=$dynamodb_endpoint"
