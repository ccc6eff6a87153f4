"""Common French first and last names, and specialties, for fictional people.

No real person is meant: names are drawn at random from these lists."""


def _names(text):
    """Names separated by spaces; "_" joins the words of one name (Le_Gall)."""
    return [word.replace("_", " ") for word in text.split()]


FIRST_NAMES = _names(
    """
Adrien Agathe Alain Alexandre Alexandra Alice Amandine Anaïs André Anne Antoine Arnaud Aurélie
Axel Bastien Baptiste Benjamin Benoît Bertrand Camille Caroline Cécile Céline Charles Charlotte
Chloé Christelle Christophe Claire Clément Corinne Damien Daniel David Delphine Denis Didier
Dominique Élodie Émilie Emmanuel Éric Estelle Étienne Fabien Fabrice Florence Florian François
Frédéric Gaëlle Guillaume Hélène Hervé Hugo Isabelle Jacques Jean Jérôme Joël Julie Julien
Justine Karine Laetitia Laurence Laurent Léa Lionel Loïc Lucas Lucie Ludovic Manon Marc Marie
Marine Mathieu Mathilde Maxime Mélanie Michel Nadia Natacha Nathalie Nicolas Olivier Pascal
Patrice Patrick Pauline Philippe Pierre Quentin Raphaël Rémi Renaud Romain Sabrina Samuel Sandrine
Sébastien Séverine Simon Sophie Stéphane Stéphanie Sylvain Sylvie Thierry Thomas Valérie Vincent
Virginie Xavier Yannick Yann Yves Zoé
"""
)

LAST_NAMES = _names(
    """
Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefebvre
Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent
Muller Lefèvre Faure André Mercier Blanc Guérin Boyer Garnier Chevalier François Legrand Gauthier
Garcia Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu Gautier Masson Marchand Duval
Denis Dumont Marie Lemaire Noël Meyer Dufour Meunier Brun Blanchard Giraud Joly Rivière Lucas
Brunet Gaillard Barbier Arnaud Martinez Gérard Roche Renard Schmitt Roy Leroux Colin Vidal Caron
Picard Roger Fabre Aubert Lemoine Renaud Dumas Lacroix Olivier Philippe Bourgeois Pierre Benoît
Rey Leclerc Payet Rolland Leclercq Guillaume Lecomte Lopez Jean Dupuy Guillot Hubert Berger
Carpentier Sanchez Dupuis Moulin Louis Deschamps Huet Vasseur Perez Boucher Fleury Royer Klein
Jacquet Adam Paris Poirier Marty Aubry Guyot Carré Charles Renault Charpentier Ménard Maillard
Baron Bertin Bailly Hervé Schneider Fernandez Le_Gall Collet Léger Bouvier Julien Prévost Millet
Perrot Daniel Le_Roux Cousin Germain Breton Besson Langlois Rémy Le_Goff Pelletier Lévêque Perrier
Leblanc Barré Lebrun Marchal Weber Mallet Hamon Boulanger Jacob Monnier Michaud Rodriguez Guichard
Gillet Étienne Grondin Poulain Tessier Chevallier Collin Chauvin Da_Silva Bouchet Gay Lemaître
Bénard Maréchal Humbert Reynaud Antoine Hoarau Perret Barthélemy Cordier Pichon Lejeune Gilbert
Lamy Delaunay Pasquier Carlier Laporte
"""
)


SPECIALTIES = [
    "Counter-terrorism",
    "Drug trafficking",
    "Organised crime",
    "Illegal immigration",
    "Document fraud",
    "Cybercrime",
    "Financial investigation",
    "Human trafficking",
    "Forensics",
    "Public order",
    "Border policing",
    "Crisis management",
    "VIP protection",
    "Training",
    "Criminal intelligence",
    "Firearms trafficking",
]

CIVIL_SPECIALTIES = ["Civil protection", "Firefighting", "Crisis management", "Disaster relief"]
SUPPORT_SPECIALTIES = ["Administration", "Translation", "Protocol", "Budget", "Logistics"]

FRENCH_SPECIALTIES = {
    "Counter-terrorism": "Lutte antiterroriste",
    "Drug trafficking": "Trafic de stupéfiants",
    "Organised crime": "Criminalité organisée",
    "Illegal immigration": "Immigration irrégulière",
    "Document fraud": "Fraude documentaire",
    "Cybercrime": "Cybercriminalité",
    "Financial investigation": "Enquête financière",
    "Human trafficking": "Traite des êtres humains",
    "Forensics": "Police technique et scientifique",
    "Public order": "Ordre public",
    "Border policing": "Police aux frontières",
    "Crisis management": "Gestion de crise",
    "VIP protection": "Protection rapprochée",
    "Training": "Formation",
    "Criminal intelligence": "Renseignement criminel",
    "Firearms trafficking": "Trafic d'armes",
    "Civil protection": "Protection civile",
    "Firefighting": "Lutte contre l'incendie",
    "Disaster relief": "Secours en cas de catastrophe",
    "Administration": "Administration",
    "Translation": "Traduction",
    "Protocol": "Protocole",
    "Budget": "Budget",
    "Logistics": "Logistique",
}

EXTRA_LANGUAGES = ["Spanish", "German", "Arabic", "Italian", "Portuguese", "Russian"]

PERSONAL_EMAIL_DOMAINS = ["example.com", "example.org", "example.net"]
