"""Hip & Back Helper: an Alexa skill that triages hip and lower back pain."""
