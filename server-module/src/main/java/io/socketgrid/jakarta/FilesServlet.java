package io.socketgrid.jakarta;

import io.socketgrid.api.StoredFile;
import io.socketgrid.files.FileStore;
import io.socketgrid.files.FileTransferService;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;

/**
 * The files uploaded to this node: {@code GET /socketgrid/files} lists them as JSON ({@link StoredFile}s,
 * oldest first), {@code GET /socketgrid/files/<name>} downloads one. Only names the store recorded are
 * served, so a request can never reach outside the store's folder.
 *
 * <p>{@code PUT /socketgrid/files/chunks/<transfer id>?socket=<id>&offset=<n>} is the HTTP carrier of a
 * sender's bytes (docs/PROTOCOL.md, "File transfer"): 204 once they were handed to the transfer (its answers
 * come on the socket), 400 malformed, 404 no such transfer, 409 the socket is not connected, 411 no length,
 * 413 longer than the window.
 */
@WebServlet("/socketgrid/files/*")
public class FilesServlet extends JsonServlet {

    @Inject
    SocketGridRuntime runtime;

    @Override
    protected Object document(HttpServletRequest request, HttpServletResponse response) {
        return runtime.files().storedFiles();
    }

    private static final String CHUNKS = "/chunks/";

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null || !path.startsWith(CHUNKS)) {
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "PUT goes to socketgrid/files/chunks/<transfer id>");
            return;
        }
        long length = request.getContentLengthLong();
        if (length < 0) {
            response.sendError(HttpServletResponse.SC_LENGTH_REQUIRED, "a chunk body needs its Content-Length");
            return;
        }
        long offset;
        try {
            offset = Long.parseLong(String.valueOf(request.getParameter("offset")));
        } catch (NumberFormatException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "offset must be a whole number");
            return;
        }
        answer(response, runtime.files().acceptHttpChunks(path.substring(CHUNKS.length()), request.getParameter("socket"),
                offset, length, request.getInputStream()));
    }

    private static void answer(HttpServletResponse response, FileTransferService.HttpChunks outcome) throws IOException {
        switch (outcome) {
            case ACCEPTED -> response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            case MALFORMED -> response.sendError(HttpServletResponse.SC_BAD_REQUEST, "bad transfer id, socket id, offset or body");
            case TOO_LARGE -> response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "longer than the window");
            case UNKNOWN -> response.sendError(HttpServletResponse.SC_NOT_FOUND, "no such open transfer");
            case SOCKET_GONE -> response.sendError(HttpServletResponse.SC_CONFLICT, "the sending socket is not connected");
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null || path.equals("/")) {
            super.doGet(request, response);
            return;
        }
        FileStore store = runtime.files().store();
        Optional<StoredFile> found = store.find(path.substring(1));
        if (found.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no stored file of that name on this node");
            return;
        }
        StoredFile file = found.get();
        response.setContentType(file.type());
        response.setContentLengthLong(file.size());
        response.setHeader("Content-Disposition", "attachment; filename*=UTF-8''"
                + URLEncoder.encode(file.name(), StandardCharsets.UTF_8).replace("+", "%20"));
        response.setHeader("X-Content-SHA256", file.sha256());
        response.setHeader("X-Content-Type-Options", "nosniff");
        Files.copy(store.pathOf(file), response.getOutputStream());
    }
}
