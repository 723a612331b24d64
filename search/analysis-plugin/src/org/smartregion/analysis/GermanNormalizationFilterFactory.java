package org.smartregion.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.de.GermanNormalizationFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** analysis-common's {@code german_normalization}: ä/ae to a, ö/oe to o, ü/ue to u, ß to ss. */
@NamedComponent("german_normalization")
public class GermanNormalizationFilterFactory implements TokenFilterFactory {

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new GermanNormalizationFilter(tokenStream);
    }

    @Override
    public TokenStream normalize(TokenStream tokenStream) {
        return new GermanNormalizationFilter(tokenStream);
    }
}
