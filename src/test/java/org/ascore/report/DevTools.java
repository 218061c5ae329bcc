package org.ascore.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium driven over the DevTools protocol on 127.0.0.1, for what a command-line
 * screenshot cannot show: the page after a real mouse move (CSS {@code :hover}). The evaluated
 * expressions run in DevTools, not in the page, whose Content-Security-Policy forbids scripts.
 */
final class DevTools implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process chromium;
    private final WebSocket socket;
    private final long timeoutS;
    private final AtomicInteger ids = new AtomicInteger();
    /** Calls awaiting their reply, by id. */
    private final Map<Integer, CompletableFuture<JsonNode>> pending;

    private DevTools(Process chromium, WebSocket socket, long timeoutS, Map<Integer, CompletableFuture<JsonNode>> pending) {
        this.chromium = chromium;
        this.socket = socket;
        this.timeoutS = timeoutS;
        this.pending = pending;
    }

    /** Starts Chromium on {@code page} with a fresh profile and waits until the page has loaded. */
    static DevTools open(Path chromium, Path profile, URI page, String windowSize, long timeoutS) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "--window-size=" + windowSize, page.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile()).start();
        try {
            // Chromium writes the port it chose to this file once it listens.
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
            while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("Chromium did not open its DevTools port: " + cmd);
                }
                Thread.sleep(100);
            }
            String port = Files.readAllLines(portFile).get(0).strip();
            HttpClient http = HttpClient.newHttpClient();
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String url = null;
            for (JsonNode t : targets) {
                url = "page".equals(t.path("type").asText()) ? t.path("webSocketDebuggerUrl").asText() : url;
            }
            if (url == null) {
                throw new IllegalStateException("no page target: " + targets);
            }
            Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(url), listener(pending))
                    .get(timeoutS, TimeUnit.SECONDS);
            return new DevTools(p, socket, timeoutS, pending).loaded(deadline);
        } catch (Exception | Error e) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw e;
        }
    }

    private DevTools loaded(long deadline) throws Exception {
        while (!"complete".equals(eval("document.readyState").asText())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the page did not finish loading");
            }
            Thread.sleep(100);
        }
        return this;
    }

    /** Hands each reply (a message with an id) to the call waiting for it; events are ignored. */
    private static WebSocket.Listener listener(Map<Integer, CompletableFuture<JsonNode>> pending) {
        return new WebSocket.Listener() {
            private final StringBuilder message = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                message.append(data);
                if (last) {
                    try {
                        JsonNode m = JSON.readTree(message.toString());
                        CompletableFuture<JsonNode> waiting = m.has("id") ? pending.remove(m.get("id").asInt()) : null;
                        if (waiting != null) {
                            waiting.complete(m);
                        }
                    } catch (IOException e) {
                        pending.values().forEach(f -> f.completeExceptionally(e));
                    }
                    message.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };
    }

    /** Calls a DevTools method and returns its result; fails on a protocol error. */
    JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode request = JSON.createObjectNode().put("id", id).put("method", method);
        request.set("params", params);
        socket.sendText(JSON.writeValueAsString(request), true).get(timeoutS, TimeUnit.SECONDS);
        JsonNode reply = answer.get(timeoutS, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + ": " + reply.get("error"));
        }
        return reply.get("result");
    }

    /** The value of a JavaScript expression evaluated in the page; fails when it throws. */
    JsonNode eval(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", params().put("expression", expression).put("returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException(expression + ": " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    static ObjectNode params() {
        return JSON.createObjectNode();
    }

    @Override
    public void close() throws InterruptedException {
        socket.abort();
        chromium.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
