import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Draws the picture and PDF fixtures (run by make-fixtures.sh; not part of the build). The pictures
 * are cartoons rather than noise so that a real Gemini call would still find them by meaning.
 */
public class MakeFixtures {

    public static void main(String[] args) throws IOException {
        File dir = new File(args.length > 0 ? args[0] : ".");
        ImageIO.write(puppy(), "png", new File(dir, "puppy.png"));
        ImageIO.write(food(), "jpg", new File(dir, "food.jpg"));
        pdf(new File(dir, "three-pages.pdf"), 3);
        pdf(new File(dir, "seven-pages.pdf"), 7);
    }

    private static BufferedImage puppy() {
        BufferedImage image = new BufferedImage(160, 160, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(image, new Color(170, 220, 140));
        Color fur = new Color(160, 110, 60);
        g.setColor(new Color(110, 70, 35));
        g.fillOval(20, 40, 40, 75);   // left ear
        g.fillOval(100, 40, 40, 75);  // right ear
        g.setColor(fur);
        g.fillOval(35, 30, 90, 95);   // head
        g.setColor(new Color(235, 210, 170));
        g.fillOval(55, 75, 50, 40);   // muzzle
        g.setColor(Color.BLACK);
        g.fillOval(58, 60, 12, 12);   // eyes
        g.fillOval(90, 60, 12, 12);
        g.fillOval(72, 82, 16, 11);   // nose
        g.setStroke(new BasicStroke(2));
        g.drawArc(70, 90, 20, 14, 200, 140); // mouth
        g.setColor(new Color(230, 80, 100));
        g.fillOval(75, 100, 10, 12);  // tongue
        g.dispose();
        return image;
    }

    private static BufferedImage food() {
        BufferedImage image = new BufferedImage(160, 160, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(image, new Color(200, 160, 120));
        g.setColor(Color.WHITE);
        g.fillOval(10, 10, 140, 140); // plate
        g.setColor(new Color(235, 190, 90));
        g.fillOval(25, 25, 110, 110); // pizza crust
        g.setColor(new Color(250, 220, 120));
        g.fillOval(33, 33, 94, 94);   // cheese
        g.setColor(new Color(190, 40, 30));
        int[][] pepperoni = {{50, 50}, {85, 45}, {60, 85}, {95, 80}, {75, 105}, {45, 70}};
        for (int[] p : pepperoni) {
            g.fillOval(p[0], p[1], 18, 18);
        }
        g.setColor(new Color(40, 140, 50));
        g.fillOval(72, 65, 9, 6);     // basil
        g.fillOval(100, 105, 9, 6);
        g.dispose();
        return image;
    }

    private static Graphics2D start(BufferedImage image, Color background) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(background);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        return g;
    }

    private static void pdf(File file, int pages) throws IOException {
        String[] topics = {"puppies and their training", "baking bread at home", "the planets of the solar system",
                "mountain hiking safety", "growing tomatoes", "the history of the bicycle", "ocean tides"};
        try (PDDocument document = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int i = 0; i < pages; i++) {
                PDPage page = new PDPage(PDRectangle.A6);
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(font, 12);
                    content.newLineAtOffset(20, 360);
                    content.showText("Page " + (i + 1) + " of " + pages);
                    content.newLineAtOffset(0, -20);
                    content.showText("This page is about " + topics[i % topics.length] + ".");
                    content.endText();
                }
            }
            document.save(file);
        }
    }
}
