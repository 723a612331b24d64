package org.smartregion.analysis;

import java.util.Locale;
import java.util.function.UnaryOperator;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.de.GermanLightStemFilter;
import org.apache.lucene.analysis.de.GermanMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.StringSetting;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.tartarus.snowball.ext.GermanStemmer;

/**
 * analysis-common's {@code stemmer} for the German and English stemmers: the {@code language}
 * setting (or its old name {@code name}) picks one, as there, and "porter" is the default. Any
 * other language is refused when an index that uses it is created, so an index that works here
 * works on a full distribution too.
 */
@NamedComponent("stemmer")
public class StemmerFilterFactory implements TokenFilterFactory {

    @AnalysisSettings
    public interface Settings {
        @StringSetting(path = "language", defaultValue = "")
        String language();

        @StringSetting(path = "name", defaultValue = "porter")
        String name();
    }

    private final String language;
    private final UnaryOperator<TokenStream> stemmer;

    // Refusing an unknown language here would answer a 500 rather than analysis-common's 400:
    // Elasticsearch wraps what a constructor throws. So create() refuses it, which Elasticsearch
    // calls for each analyser while it creates the index.
    @Inject
    public StemmerFilterFactory(Settings settings) {
        this.language = settings.language().isEmpty() ? settings.name() : settings.language();
        this.stemmer = stemmer(language);
    }

    private static UnaryOperator<TokenStream> stemmer(String language) {
        switch (language.toLowerCase(Locale.ROOT)) {
            case "english":
            case "porter":
                return PorterStemFilter::new;
            case "light_english":
            case "lightenglish":
            case "kstem":
                return KStemFilter::new;
            case "minimal_english":
            case "minimalenglish":
                return EnglishMinimalStemFilter::new;
            case "possessive_english":
            case "possessiveenglish":
                return EnglishPossessiveFilter::new;
            case "porter2":
                return stream -> new SnowballFilter(stream, new EnglishStemmer());
            case "german":
                return stream -> new SnowballFilter(stream, new GermanStemmer());
            case "light_german":
            case "lightgerman":
                return GermanLightStemFilter::new;
            case "minimal_german":
            case "minimalgerman":
                return GermanMinimalStemFilter::new;
            default:
                return null;
        }
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        if (stemmer == null) {
            throw new IllegalArgumentException(
                "Invalid stemmer class specified: [" + language + "] (the project's analysis plugin "
                    + "has the German and English stemmers of analysis-common only)"
            );
        }
        return stemmer.apply(tokenStream);
    }
}
