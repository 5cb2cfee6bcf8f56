package io.socketgrid.jakarta;

import io.socketgrid.api.StoredFile;
import io.socketgrid.files.FileStore;
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
 */
@WebServlet("/socketgrid/files/*")
public class FilesServlet extends JsonServlet {

    @Inject
    SocketGridRuntime runtime;

    @Override
    protected Object document(HttpServletRequest request, HttpServletResponse response) {
        return runtime.files().storedFiles();
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
