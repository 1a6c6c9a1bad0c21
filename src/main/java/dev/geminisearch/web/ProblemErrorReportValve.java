package dev.geminisearch.web;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat refuses some requests before the application sees them (an encoded slash or NUL in the
 * path, a malformed escape); its own error page is HTML. This valve answers those with the same
 * {@code application/problem+json} shape as the rest of the API, without Tomcat's version or
 * internals. Public with a no-argument constructor because Tomcat instantiates it by class name.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ProblemType type = ProblemType.forStatus(status);
        String detail = status == 400
                ? "The request could not be read: its path or headers are malformed (e.g. an encoded '/' or a bad % escape)."
                : status >= 500 ? "The service failed unexpectedly; the error is logged." : type.status().getReasonPhrase();
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"" + type.type() + "\",\"title\":\"" + type.title() + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail.replace("\"", "'") + "\"}");
            }
        } catch (IOException | IllegalStateException e) {
            // The connection is gone or the response was committed meanwhile: nothing more to say.
        }
    }
}
