package dev.sluice.gateway.flinkapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import org.apache.flink.shaded.netty4.io.netty.buffer.ByteBuf;
import org.apache.flink.shaded.netty4.io.netty.buffer.Unpooled;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelHandlerContext;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelOutboundHandlerAdapter;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelPromise;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.DefaultHttpContent;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.FullHttpResponse;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpContent;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpHeaderNames;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpResponse;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpResponseStatus;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.LastHttpContent;
import org.apache.flink.shaded.netty4.io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Flink-compatible endpoint's last line: every error answer leaves with one line of text per error and no Java
 * stack trace. Flink's REST handlers print the stack trace of whatever fails outside the service (a body that is not
 * JSON, a handle that is not a UUID) into the answer, and "Internal server error." with the server's trace for
 * anything else. The service's own refusals are {@link RejectedRequest}s, but some handlers (fetching results, for
 * one) wrap whatever the service throws, which makes a 500 of a 404; such a wrapped refusal gets its status back
 * from the code it starts with. Successful answers pass untouched.
 */
final class OneLineErrors extends ChannelOutboundHandlerAdapter {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    // "org.apache.flink.table.api.ValidationException: " and the like, wherever Flink put them in a message.
    private static final Pattern EXCEPTION_NAME =
            Pattern.compile("(?:[\\w$]+\\.)*[\\w$]*(?:Exception|Error|Throwable): ");
    private static final String SERVER_SIDE = "<Exception on server side";
    private static final Pattern REFUSAL = Pattern.compile("\\[([A-Z_]+)] ");

    private HttpResponse heldResponse;
    private HttpResponseStatus heldStatus;
    private final List<ByteBuf> heldContent = new ArrayList<>();
    private final List<ChannelPromise> heldPromises = new ArrayList<>();

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof FullHttpResponse full && isError(full)) {
            heldStatus = full.status();
            Rewritten rewritten = rewrite(full.content());
            HttpResponse response = full.replace(rewritten.body());
            full.release();
            send(response, rewritten);
            ctx.write(response, promise);
        } else if (msg instanceof HttpResponse response && !(msg instanceof HttpContent) && isError(response)) {
            heldResponse = response;
            heldStatus = response.status();
            heldPromises.add(promise);
        } else if (heldResponse != null && (msg instanceof HttpContent || msg instanceof ByteBuf)) {
            // Flink writes the body as a plain buffer between the response and an empty last content.
            ByteBuf content = msg instanceof HttpContent httpContent ? httpContent.content() : (ByteBuf) msg;
            heldContent.add(content.retain());
            heldPromises.add(promise);
            ReferenceCountUtil.release(msg);
            if (msg instanceof LastHttpContent) {
                writeHeld(ctx);
            }
        } else {
            ctx.write(msg, promise);
        }
    }

    private void writeHeld(ChannelHandlerContext ctx) {
        ByteBuf whole = Unpooled.wrappedBuffer(heldContent.toArray(ByteBuf[]::new));
        Rewritten rewritten = rewrite(whole);
        whole.release();
        send(heldResponse, rewritten);
        ctx.write(heldResponse);
        ctx.write(new DefaultHttpContent(rewritten.body()));
        ChannelPromise last = heldPromises.remove(heldPromises.size() - 1);
        heldPromises.forEach(ChannelPromise::setSuccess);
        ctx.write(LastHttpContent.EMPTY_LAST_CONTENT, last);
        heldResponse = null;
        heldContent.clear();
        heldPromises.clear();
    }

    private static boolean isError(HttpResponse response) {
        return response.status().code() >= 400;
    }

    /** An error answer made fit to leave: its status, and its body of one-line errors. */
    private record Rewritten(HttpResponseStatus status, ByteBuf body) {}

    private static void send(HttpResponse response, Rewritten rewritten) {
        response.setStatus(rewritten.status());
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, rewritten.body().readableBytes());
    }

    /**
     * Flink's error body ({@code {"errors": [...]}}) with each error cut to its first line, without exception names.
     * A 500 whose server-side trace starts with a gateway refusal ({@code [CODE] ...}) becomes that refusal.
     */
    private Rewritten rewrite(ByteBuf content) {
        HttpResponseStatus status = heldStatus;
        String text = content.toString(StandardCharsets.UTF_8);
        ArrayNode errors = MAPPER.createArrayNode();
        try {
            for (JsonNode error : MAPPER.readTree(text).path("errors")) {
                String line = oneLine(
                        error.asText().startsWith(SERVER_SIDE)
                                ? error.asText().substring(SERVER_SIDE.length()).replaceFirst("^:?\\s*", "")
                                : error.asText());
                Optional<ErrorCode> refusal = refusalCode(line);
                if (refusal.isPresent()) {
                    status = HttpResponseStatus.valueOf(refusal.get().httpStatus());
                    errors.removeAll();
                    errors.add(line);
                    break;
                }
                if (!error.asText().startsWith(SERVER_SIDE)) {
                    errors.add(line);
                }
            }
        } catch (IOException notJson) {
            errors.add(oneLine(text));
        }
        if (errors.isEmpty()) {
            errors.add("The request failed.");
        }
        byte[] bytes =
                MAPPER.createObjectNode().set("errors", errors).toString().getBytes(StandardCharsets.UTF_8);
        return new Rewritten(status, Unpooled.wrappedBuffer(bytes));
    }

    /** The code a gateway refusal's line starts with, as {@link GatewayException#describe()} writes it. */
    private static Optional<ErrorCode> refusalCode(String line) {
        Matcher code = REFUSAL.matcher(line);
        if (!code.lookingAt()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ErrorCode.valueOf(code.group(1)));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }

    /** The first line of a message, without the names of the exceptions it passed through. */
    static String oneLine(String message) {
        String firstLine = message.strip().lines().findFirst().orElse("");
        return EXCEPTION_NAME.matcher(firstLine).replaceAll("").strip();
    }
}
