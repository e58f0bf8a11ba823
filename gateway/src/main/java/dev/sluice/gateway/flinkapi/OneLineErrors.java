package dev.sluice.gateway.flinkapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.LastHttpContent;
import org.apache.flink.shaded.netty4.io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Flink-compatible endpoint's last line: every error answer leaves with one line of text per error and no Java
 * stack trace. Flink's REST handlers print the stack trace of whatever fails outside the service (a body that is not
 * JSON, a handle that is not a UUID) into the answer, and "Internal server error." with the server's trace for
 * anything else; the service's own refusals are already {@link RejectedRequest}s. Successful answers pass untouched.
 */
final class OneLineErrors extends ChannelOutboundHandlerAdapter {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    // "org.apache.flink.table.api.ValidationException: " and the like, wherever Flink put them in a message.
    private static final Pattern EXCEPTION_NAME = Pattern.compile("(?:[\\w$]+\\.)*[\\w$]*(?:Exception|Error|Throwable): ");
    private static final String SERVER_SIDE = "<Exception on server side";

    private HttpResponse heldResponse;
    private final List<ByteBuf> heldContent = new ArrayList<>();
    private final List<ChannelPromise> heldPromises = new ArrayList<>();

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof FullHttpResponse full && isError(full)) {
            ByteBuf body = oneLine(full.content());
            HttpResponse response = full.replace(body);
            full.release();
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            ctx.write(response, promise);
        } else if (msg instanceof HttpResponse response && !(msg instanceof HttpContent) && isError(response)) {
            heldResponse = response;
            heldPromises.add(promise);
        } else if (heldResponse != null && msg instanceof HttpContent content) {
            heldContent.add(content.content().retain());
            heldPromises.add(promise);
            ReferenceCountUtil.release(content);
            if (msg instanceof LastHttpContent) {
                writeHeld(ctx);
            }
        } else {
            ctx.write(msg, promise);
        }
    }

    private void writeHeld(ChannelHandlerContext ctx) {
        ByteBuf whole = Unpooled.wrappedBuffer(heldContent.toArray(ByteBuf[]::new));
        ByteBuf body = oneLine(whole);
        whole.release();
        heldResponse.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        ctx.write(heldResponse);
        ctx.write(new DefaultHttpContent(body));
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

    /** Flink's error body ({@code {"errors": [...]}}) with each error cut to its first line, without exception names. */
    private static ByteBuf oneLine(ByteBuf content) {
        String text = content.toString(StandardCharsets.UTF_8);
        ArrayNode errors = MAPPER.createArrayNode();
        try {
            JsonNode body = MAPPER.readTree(text);
            body.path("errors").forEach(error -> {
                if (!error.asText().startsWith(SERVER_SIDE)) {
                    errors.add(oneLine(error.asText()));
                }
            });
        } catch (IOException notJson) {
            errors.add(oneLine(text));
        }
        if (errors.isEmpty()) {
            errors.add("The request failed.");
        }
        byte[] bytes = MAPPER.createObjectNode().set("errors", errors).toString().getBytes(StandardCharsets.UTF_8);
        return Unpooled.wrappedBuffer(bytes);
    }

    /** The first line of a message, without the names of the exceptions it passed through. */
    static String oneLine(String message) {
        String firstLine = message.strip().lines().findFirst().orElse("");
        return EXCEPTION_NAME.matcher(firstLine).replaceAll("").strip();
    }
}
