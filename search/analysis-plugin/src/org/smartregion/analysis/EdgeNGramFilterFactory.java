package org.smartregion.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;
import org.elasticsearch.plugin.settings.IntSetting;

/**
 * analysis-common's {@code edge_ngram}: the prefixes of each token from {@code min_gram} to
 * {@code max_gram} characters (defaults 1 and 2, as there), for search as you type and for
 * finding "Energiewirtschaft" by "Energie".
 */
@NamedComponent("edge_ngram")
public class EdgeNGramFilterFactory implements TokenFilterFactory {

    @AnalysisSettings
    public interface Settings {
        @IntSetting(path = "min_gram", defaultValue = 1)
        int minGram();

        @IntSetting(path = "max_gram", defaultValue = 2)
        int maxGram();

        @BooleanSetting(path = "preserve_original", defaultValue = false)
        boolean preserveOriginal();
    }

    private final int minGram;
    private final int maxGram;
    private final boolean preserveOriginal;

    @Inject
    public EdgeNGramFilterFactory(Settings settings) {
        this.minGram = settings.minGram();
        this.maxGram = settings.maxGram();
        this.preserveOriginal = settings.preserveOriginal();
    }

    /** Lucene refuses a min_gram below 1 or above max_gram, as a bad request when the index is made. */
    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new EdgeNGramTokenFilter(tokenStream, minGram, maxGram, preserveOriginal);
    }
}
