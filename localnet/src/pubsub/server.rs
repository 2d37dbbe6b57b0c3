//! The WebSocket endpoint: one thread per connection that alternates between reading client
//! frames (with a short timeout) and writing queued notifications, so a single blocking socket
//! serves both directions. Pings are answered by tungstenite on the next flush.

use super::{dispatch, subscriptions::OUTBOX_CAPACITY, Connection};
use crate::{jsonrpc, log, state::{lock, SharedNode}};
use serde_json::json;
use std::{
    io::ErrorKind,
    net::{TcpListener, TcpStream},
    sync::{
        atomic::{AtomicU64, Ordering},
        mpsc::{sync_channel, Receiver},
    },
    thread,
    time::Duration,
};
use tungstenite::{protocol::WebSocketConfig, Message, WebSocket};

/// How long a read waits before the thread checks for notifications to send.
const POLL_INTERVAL: Duration = Duration::from_millis(10);
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
const MAX_MESSAGE_SIZE: usize = 1 << 20;

pub fn spawn(listener: TcpListener, node: SharedNode) {
    let next_connection = AtomicU64::new(0);
    let accepted = thread::Builder::new().name("pubsub-accept".into()).spawn(move || {
        for stream in listener.incoming() {
            let stream = match stream {
                Ok(stream) => stream,
                Err(err) => {
                    log::warn("pubsub_accept_failed", json!({ "error": err.to_string() }));
                    continue;
                }
            };
            let id = next_connection.fetch_add(1, Ordering::Relaxed);
            let node = node.clone();
            let spawned = thread::Builder::new().name(format!("pubsub-{id}")).spawn(move || serve(stream, id, node));
            if let Err(err) = spawned {
                log::error("pubsub_connection_spawn_failed", json!({ "error": err.to_string() }));
            }
        }
    });
    if let Err(err) = accepted {
        log::error("pubsub_accept_spawn_failed", json!({ "error": err.to_string() }));
    }
}

fn serve(stream: TcpStream, id: u64, node: SharedNode) {
    let _ = stream.set_nodelay(true);
    if stream.set_read_timeout(Some(HANDSHAKE_TIMEOUT)).is_err() {
        return;
    }
    let config = WebSocketConfig::default().max_message_size(Some(MAX_MESSAGE_SIZE));
    let mut socket = match tungstenite::accept_with_config(stream, Some(config)) {
        Ok(socket) => socket,
        Err(err) => {
            log::warn("pubsub_handshake_failed", json!({ "connection": id, "error": err.to_string() }));
            return;
        }
    };
    if socket.get_ref().set_read_timeout(Some(POLL_INTERVAL)).is_err() {
        return;
    }
    let (outbox, notifications) = sync_channel(OUTBOX_CAPACITY);
    let connection = Connection { id, outbox };
    let reason = run(&mut socket, &connection, &notifications, &node);
    lock(&node).subscriptions.remove_connection(id);
    log::info("pubsub_disconnected", json!({ "connection": id, "reason": reason }));
}

/// Serves the connection until it closes; returns why it ended.
fn run(socket: &mut WebSocket<TcpStream>, connection: &Connection, notifications: &Receiver<String>, node: &SharedNode) -> String {
    loop {
        let request = match socket.read() {
            Ok(Message::Text(text)) => Some(text.as_str().as_bytes().to_vec()),
            Ok(Message::Binary(bytes)) => Some(bytes.to_vec()),
            Ok(_) => None, // ping/pong/close frames are handled by tungstenite itself
            Err(tungstenite::Error::Io(err)) if matches!(err.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => None,
            Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed) => return "closed".into(),
            Err(err) => return err.to_string(),
        };
        if let Some(request) = request {
            let reply = jsonrpc::handle_payload(&request, &mut |method, params| dispatch(node, connection, method, params));
            if let Some(reply) = reply {
                if let Err(err) = socket.write(Message::text(reply)) {
                    return err.to_string();
                }
            }
        }
        while let Ok(notification) = notifications.try_recv() {
            if let Err(err) = socket.write(Message::text(notification)) {
                return err.to_string();
            }
        }
        match socket.flush() {
            Ok(()) => {}
            Err(tungstenite::Error::Io(err)) if matches!(err.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed) => return "closed".into(),
            Err(err) => return err.to_string(),
        }
    }
}
