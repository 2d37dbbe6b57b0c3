//! The HTTP endpoint: JSON-RPC on POST (any path, as the validator), `GET /health`, and CORS so
//! browser clients can call it.

use crate::{jsonrpc, log, rpc, state::SharedNode};
use serde_json::json;
use std::{io::Read, sync::Arc, thread};
use tiny_http::{Header, Method, Request, Response, Server};

/// The validator's request body limit (`MAX_REQUEST_BODY_SIZE`, 50 KiB).
const MAX_REQUEST_BODY_SIZE: usize = 50 * 1024;
/// Requests served at once. Every call takes the node lock, so more threads would only queue.
const WORKERS: usize = 4;

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header names and values are valid")
}

fn with_cors<R: Read>(response: Response<R>, request: &Request) -> Response<R> {
    let allowed_headers = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Access-Control-Request-Headers"))
        .map(|h| h.value.as_str().to_owned())
        .filter(|value| value.bytes().all(|b| b.is_ascii_graphic() || b == b' '))
        .unwrap_or_else(|| "content-type, solana-client".into());
    response
        .with_header(header("Access-Control-Allow-Origin", "*"))
        .with_header(header("Access-Control-Allow-Methods", "POST, GET, OPTIONS"))
        .with_header(header("Access-Control-Allow-Headers", &allowed_headers))
        .with_header(header("Access-Control-Max-Age", "86400"))
}

fn respond(request: Request, status: u16, content_type: &str, body: String) {
    let response = Response::from_string(body).with_status_code(status).with_header(header("Content-Type", content_type));
    let response = with_cors(response, &request);
    // A client that went away is not an error worth more than ignoring.
    let _ = request.respond(response);
}

fn handle(mut request: Request, node: &SharedNode) {
    let (method, url) = (request.method().clone(), request.url().to_owned());
    match (method, url.as_str()) {
        (Method::Options, _) => respond(request, 200, "text/plain", String::new()),
        (Method::Get, "/health") => respond(request, 200, "text/plain", "ok".into()),
        (Method::Post, _) => {
            let mut body = Vec::new();
            let read = request.as_reader().take(MAX_REQUEST_BODY_SIZE as u64 + 1).read_to_end(&mut body);
            if read.is_err() {
                return;
            }
            if body.len() > MAX_REQUEST_BODY_SIZE {
                return respond(request, 413, "text/plain", "Payload Too Large".into());
            }
            let reply = jsonrpc::handle_payload(&body, &mut |method, params| rpc::dispatch(node, method, params));
            respond(request, 200, "application/json; charset=utf-8", reply.unwrap_or_default());
        }
        _ => respond(request, 405, "text/plain", "Used HTTP Method is not allowed. POST or OPTIONS is required".into()),
    }
}

/// Serves requests on `WORKERS` threads until the process exits.
pub fn spawn(server: Arc<Server>, node: SharedNode) {
    for worker in 0..WORKERS {
        let (server, node) = (server.clone(), node.clone());
        let spawned = thread::Builder::new().name(format!("rpc-{worker}")).spawn(move || loop {
            match server.recv() {
                Ok(request) => handle(request, &node),
                Err(err) => log::warn("rpc_accept_failed", json!({ "error": err.to_string() })),
            }
        });
        if let Err(err) = spawned {
            log::error("rpc_worker_spawn_failed", json!({ "error": err.to_string() }));
        }
    }
}
