package dev.loupe.render;

/** How the channels of one image of an NCHW map are folded into a single [H, W] plane. */
public enum ChannelReduction {
    /** Sum over channels: keeps the sign; the usual choice for LRP relevance, which is additive over inputs. */
    SUM,
    /**
     * Largest absolute value over channels: a non-negative magnitude, as in the saliency maps of Simonyan, Vedaldi
     * and Zisserman (2014), "Deep Inside Convolutional Networks", section 3.1.
     */
    MAX_ABS
}
