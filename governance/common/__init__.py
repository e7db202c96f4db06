"""What every room of governance shares: form pieces, Danish dates, the write helper, the PDF job design."""
