package org.ascore.s3;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Copies every log line of this JVM into a string while open: an appender on the root logger, and
 * the given loggers made more verbose for the capture only (the console keeps its WARN lines of
 * them and nothing more). Closing removes all of it.
 */
final class LogCapture implements AutoCloseable {
    private final StringWriter text = new StringWriter();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final Appender appender;
    private final List<String> addedLoggers = new ArrayList<>();

    LogCapture(Map<String, Level> verbose) {
        Configuration config = context.getConfiguration();
        appender = WriterAppender.newBuilder()
                .setName("s3-test-capture-" + UUID.randomUUID())
                .setTarget(text)
                .setLayout(PatternLayout.newBuilder().withConfiguration(config)
                        .withPattern("%d{HH:mm:ss.SSS} %-5p [%t] %c: %m%n%ex").build())
                .build();
        appender.start();
        config.addAppender(appender);
        LoggerConfig root = config.getRootLogger();
        List<Appender> rootAppenders = new ArrayList<>(root.getAppenders().values());
        root.addAppender(appender, Level.ALL, null);
        for (Map.Entry<String, Level> e : verbose.entrySet()) {
            if (config.getLoggers().containsKey(e.getKey())) {
                continue; // configured by log4j2-test.properties: leave it as it is
            }
            LoggerConfig logger = LoggerConfig.newBuilder().withConfig(config).withLoggerName(e.getKey())
                    .withLevel(e.getValue()).withAdditivity(false).build();
            logger.addAppender(appender, Level.ALL, null);
            for (Appender a : rootAppenders) {
                logger.addAppender(a, root.getLevel(), null);
            }
            config.addLogger(e.getKey(), logger);
            addedLoggers.add(e.getKey());
        }
        context.updateLoggers();
    }

    /** Everything logged so far. */
    String text() {
        return text.toString(); // StringWriter's buffer is a (synchronized) StringBuffer
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        for (String name : addedLoggers) {
            config.removeLogger(name);
        }
        config.getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
