"""Build eval/sklearn_descr_squad.json: a SQuAD 2.0-format set over scikit-learn's dataset descriptions.

Why it exists: `assistant eval` needs a reading-comprehension set of a few
hundred questions with answer spans, and none can be downloaded here. The
contexts come from scikit-learn's bundled descriptions (see sklearn_corpus.py);
the questions below were written by hand for this project. Each answer is
located in its document's paragraphs (its first occurrence, or the first after
an anchor phrase), so answer_start is always exact; unanswerable questions
(is_impossible) ask about things the documents do not say.

Run: .venv/bin/python eval/build_sklearn_squad.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from sklearn_corpus import documents  # noqa: E402

OUT = Path(__file__).parent / "sklearn_descr_squad.json"

# document -> [(question, answer or None if unanswerable, optional anchor phrase before the answer)]
QA: dict[str, list[tuple]] = {
    "breast_cancer": [
        ("How many instances does the breast cancer Wisconsin dataset have?", "569"),
        ("How many numeric predictive attributes does the breast cancer dataset have?", "30"),
        (
            "What does the radius attribute measure?",
            "mean of distances from center to points on the perimeter",
        ),
        ("What does texture describe in the breast cancer data?", "standard deviation of gray-scale values"),
        ("What is smoothness in the breast cancer features?", "local variation in radius lengths"),
        ("How is compactness computed?", "perimeter^2 / area - 1.0"),
        ("What does concavity measure?", "severity of concave portions of the contour"),
        ("What approximation describes the fractal dimension feature?", "coastline approximation"),
        ("Which field is Radius SE?", "field 10"),
        ("How many breast cancer samples are malignant?", "212"),
        ("How many benign samples does the breast cancer dataset contain?", "357"),
        (
            "Who created the breast cancer Wisconsin dataset?",
            "Dr. William H. Wolberg, W. Nick Street, Olvi L. Mangasarian",
        ),
        (
            "The breast cancer features are computed from a digitized image of what?",
            "a fine needle aspirate (FNA) of a breast mass",
        ),
        (
            "What do the breast cancer features describe?",
            "characteristics of the cell nuclei present in the image",
        ),
        ("Which method was used to obtain the separating plane?", "Multisurface Method-Tree (MSM-T)"),
        ("What does MSM-T use to construct a decision tree?", "linear programming"),
        (
            "In what dimensional space is the separating plane obtained by the linear program?",
            "3-dimensional",
        ),
        ("Through which server is the breast cancer database also available?", "UW CS ftp server"),
        ("In which city was the 1993 Symposium on Electronic Imaging held?", "San Jose, CA"),
        ("Which journal published the 1994 paper on fine-needle aspirates?", "Cancer Letters"),
        ("What was the survival rate of the malignant cases after five years?", None),
    ],
    "california_housing": [
        ("How many instances does the California Housing dataset contain?", "20640"),
        ("How many numeric predictive attributes does the California Housing dataset have?", "8"),
        ("What does the MedInc attribute hold?", "median income in block group"),
        ("What does AveOccup stand for?", "average number of household members"),
        ("Where was the California Housing dataset obtained from?", "StatLib"),
        (
            "What is the target variable of the California Housing dataset?",
            "median house value for California districts",
        ),
        ("In what units is the California house value target expressed?", "hundreds of thousands of dollars"),
        ("Which census was the California Housing dataset derived from?", "1990 U.S. census"),
        (
            "What is the smallest geographical unit for which the Census Bureau publishes sample data?",
            "A block group",
        ),
        ("What population does a block group typically have?", "600 to 3,000 people"),
        ("What is a household?", "a group of people residing within a home"),
        ("What kind of places can give surprisingly large room counts per household?", "vacation resorts"),
        ("Which function loads the California Housing dataset?", "sklearn.datasets.fetch_california_housing"),
        ("Who wrote Sparse Spatial Autoregressions?", "Pace, R. Kelley and Ronald Barry"),
        ("In which journal did Sparse Spatial Autoregressions appear?", "Statistics and Probability Letters"),
        ("What was the median house value in San Francisco in 1990?", None),
    ],
    "covtype": [
        ("What size are the forest patches in the covertype dataset?", "30×30m"),
        ("In which country were the forest cover type patches collected?", "the US"),
        ("What is a patch's cover type?", "the dominant species of tree"),
        ("How many covertypes are there?", "seven"),
        ("What kind of problem is predicting the cover type?", "multiclass classification"),
        ("How many features does each covertype sample have?", "54"),
        ("Which function loads the covertype dataset?", "sklearn.datasets.fetch_covtype"),
        ("What kind of object does fetch_covtype return?", "dictionary-like 'Bunch' object"),
        ("Which argument makes fetch_covtype return pandas data frames?", "as_frame"),
        ("Which national forest were the covertype patches taken from?", None),
    ],
    "diabetes": [
        ("How many diabetes patients are in the diabetes dataset?", "442"),
        ("How many baseline variables were obtained for each diabetes patient?", "Ten"),
        ("How many blood serum measurements does the diabetes dataset include?", "six"),
        (
            "What is the response of interest in the diabetes dataset?",
            "a quantitative measure of disease progression one year after baseline",
        ),
        ("Which column is the diabetes target?", "Column 11"),
        ("What does bmi stand for in the diabetes dataset?", "body mass index"),
        ("What is bp in the diabetes data?", "average blood pressure"),
        ("What does s1 measure?", "total serum cholesterol"),
        ("What are s3 hdl?", "high-density lipoproteins"),
        ("What is s6 glu?", "blood sugar level"),
        ("What might s5 ltg be?", "possibly log of serum triglycerides level"),
        (
            "How were the diabetes feature variables scaled?",
            "mean centered and scaled by the standard deviation times the square root of n_samples",
        ),
        (
            "What paper should be consulted for more information on the diabetes data?",
            "Least Angle Regression",
        ),
        ("In which year was Least Angle Regression published?", "2004"),
        ("Which journal published Least Angle Regression?", "Annals of Statistics"),
        ("Which hospital collected the diabetes patient records?", None),
    ],
    "digits": [
        ("How many instances does the handwritten digits dataset have?", "1797"),
        ("How many attributes does each digits instance have?", "64"),
        ("What size image represents each digit?", "8x8"),
        ("What is the range of the digit pixel values?", "0..16"),
        ("Who created the optical recognition of handwritten digits dataset?", "E. Alpaydin"),
        ("The digits data is a copy of which set of the UCI hand-written digits datasets?", "the test set"),
        ("How many classes does the digits data set contain?", "10 classes"),
        ("Whose preprocessing programs extracted the normalized bitmaps of handwritten digits?", "NIST"),
        ("How many people in total wrote the handwritten digits forms?", "43"),
        ("How many people contributed to the digits training set?", "30"),
        ("How many people contributed to the digits test set?", "13"),
        ("What size were the original digit bitmaps?", "32x32"),
        ("Into what blocks are the digit bitmaps divided?", "nonoverlapping blocks of 4x4"),
        ("What does the block counting give invariance to?", "small distortions"),
        ("What is the NISTIR number of the handprint recognition system report?", "5469"),
        ("At which university did C. Kaynak write the MSc thesis?", "Bogazici University"),
        ("In which journal did Cascading Classifiers appear?", "Kybernetika"),
        ("Who wrote A New Approximate Maximal Margin Classification Algorithm?", "Claudio Gentile"),
        ("What scanner resolution was used for the digit forms?", None),
    ],
    "iris": [
        ("How many instances does the iris dataset have?", "150"),
        ("How many iris instances are in each class?", "50"),
        ("How many numeric predictive attributes does the iris dataset have?", "4"),
        ("In what unit are the iris sepal and petal measurements given?", "cm"),
        ("Which iris classes does the dataset contain?", "Iris-Setosa Iris-Versicolour Iris-Virginica"),
        ("What share of the iris data does each class make up?", "33.3%"),
        ("Who created the iris dataset?", "R.A. Fisher"),
        ("Who donated the iris dataset?", "Michael Marshall"),
        ("When was the iris dataset donated?", "July, 1988"),
        ("From what is the iris dataset taken?", "Fisher's paper"),
        ("How many wrong data points does the UCI copy of iris have?", "two"),
        ("In what literature is the iris database perhaps the best known database?", "pattern recognition"),
        ("How many iris classes are linearly separable from the others?", "One class"),
        (
            "What is the title of Fisher's 1936 paper?",
            "The use of multiple measurements in taxonomic problems",
        ),
        ("In which journal did Fisher's iris paper appear?", "Annual Eugenics"),
        ("Who wrote Pattern Classification and Scene Analysis?", "Duda, R.O., & Hart, P.E."),
        ("Who wrote The Reduced Nearest Neighbor Rule?", "Gates, G.W."),
        ("Which conceptual clustering system finds 3 classes in the iris data?", "AUTOCLASS II"),
        ("In which garden were the iris flowers measured?", None),
    ],
    "kddcup99": [
        ("What portions of the DARPA data was the KDD Cup '99 dataset created from?", "tcpdump portions"),
        (
            "Which evaluation dataset was processed to create KDD Cup '99?",
            "1998 DARPA Intrusion Detection System (IDS) Evaluation dataset",
        ),
        ("Who created the 1998 DARPA intrusion detection evaluation dataset?", "MIT Lincoln Lab"),
        ("How were the attacks in the KDD Cup data produced?", "hand-injected attacks"),
        ("What proportion of the KDD Cup '99 data is abnormal?", "80.1%"),
        ("Into which two data sets is the KDD data transformed?", "SA and SF"),
        ("What anomaly proportion does the SA set have?", "1%"),
        ("Which attribute must be positive for data picked into SF?", "logged_in"),
        ("What proportion of attack does the SF set give?", "0.3%"),
        ("Which two subsets of SF are defined by the third feature?", "http and smtp"),
        ("Which function loads the kddcup99 dataset?", "sklearn.datasets.fetch_kddcup99"),
        ("What does the as_frame argument turn the kddcup99 target into?", "a pandas Series"),
        (
            "At which conference were the finite mixtures outlier detection results presented?",
            "sixth ACM SIGKDD international conference on Knowledge discovery and data mining",
        ),
        ("Which press published the SIGKDD proceedings paper?", "ACM Press"),
        ("How many network connections does the full KDD Cup '99 training set hold?", None),
    ],
    "lfw": [
        (
            "What kind of pictures does the Labeled Faces in the Wild dataset collect?",
            "JPEG pictures of famous people",
        ),
        ("On which website are the details of the LFW dataset available?", "Kaggle"),
        ("What is each LFW picture centered on?", "a single face"),
        ("What is the typical LFW task called?", "Face Verification"),
        (
            "What must a binary classifier predict in face verification?",
            "whether the two images are from the same person",
        ),
        ("What is the most popular model for face detection?", "Viola-Jones"),
        ("In which library is the Viola-Jones detector implemented?", "OpenCV"),
        ("How large is the LFW dataset?", "more than 200 MB"),
        ("How long does the first LFW load typically take?", "more than a couple of minutes"),
        ("Which library memoizes the memmapped LFW arrays on disk?", "joblib"),
        ("What kind of task is face identification with the first LFW loader?", "multi-class classification"),
        ("How many faces does the person id target array assign?", "1140"),
        ("What argument adds an RGB color channel dimension?", "color=True"),
        ("Into how many subsets is fetch_lfw_pairs subdivided?", "3 subsets"),
        ("Which university published the LFW technical report?", "University of Massachusetts, Amherst"),
        ("When was the LFW technical report published?", "October, 2007"),
        ("Which politician has the most pictures in LFW?", None),
    ],
    "linnerud": [
        ("How many instances does the Linnerud dataset have?", "20"),
        ("What kind of dataset is Linnerud?", "multi-output regression"),
        ("Who were the Linnerud measurements collected from?", "twenty middle-aged men"),
        ("Where were the Linnerud participants?", "a fitness club"),
        ("What are the physiological variables in Linnerud?", "Weight, Waist and Pulse"),
        ("What are the exercise variables in Linnerud?", "Chins, Situps and Jumps"),
        ("Who wrote La regression PLS: theorie et pratique?", "Tenenhaus, M."),
        ("Which publisher released La regression PLS?", "Editions Technic"),
        ("How old was the oldest man in the Linnerud study?", None),
    ],
    "olivetti_faces": [
        ("When were the Olivetti face images taken?", "between April 1992 and April 1994"),
        ("Where were the Olivetti face images taken?", "AT&T Laboratories Cambridge"),
        ("Which function fetches the Olivetti faces?", "sklearn.datasets.fetch_olivetti_faces"),
        ("How many distinct subjects are in the Olivetti faces dataset?", "40"),
        ("How many images of each Olivetti subject are there?", "ten"),
        ("Against what background were the Olivetti images taken?", "a dark homogeneous background"),
        ("To how many grey levels is each Olivetti image quantized?", "256"),
        ("How are the Olivetti pixel values stored?", "unsigned 8-bit integers"),
        ("What range does the target of the Olivetti database take?", "from 0 to 39"),
        ("What size were the original Olivetti images?", "92 x 112"),
        ("What size are the Olivetti images in the scikit-learn version?", "64x64"),
        ("Which camera model took the Olivetti photographs?", None),
    ],
    "rcv1": [
        ("What does RCV1 stand for?", "Reuters Corpus Volume I"),
        ("How many newswire stories does RCV1 archive?", "over 800,000"),
        ("Who made the RCV1 newswire stories available?", "Reuters, Ltd."),
        ("Which function loads RCV1?", "sklearn.datasets.fetch_rcv1"),
        ("What kind of matrix holds the RCV1 features?", "scipy CSR sparse matrix"),
        ("How many features does the RCV1 feature matrix have?", "47236"),
        ("How many samples are in the RCV1 training set?", "23149"),
        ("How many samples are in the RCV1 testing set?", "781265"),
        ("Which official split does the RCV1 train/test division follow?", "LYRL2004"),
        ("What share of the RCV1 feature array is non zero?", "0.16%"),
        ("How many categories does the RCV1 target have?", "103"),
        ("What is the maximum number of topics one RCV1 sample can belong to?", "17"),
        ("Which RCV1 topic occurs only 5 times?", "GMIL"),
        ("Which RCV1 topic occurs 381327 times?", "CCAT"),
        ("What is the compressed size of RCV1?", "about 656 MB"),
        ("Which journal published the RCV1 benchmark paper?", "The Journal of Machine Learning Research"),
        ("In which year did the RCV1 stories first appear on the wire?", None),
    ],
    "species_distributions": [
        ("Where do the two species of the species distribution dataset live?", "Central and South America"),
        ("What is Bradypus variegatus?", "the Brown-throated Sloth"),
        ("What is Microryzomys minutus also known as?", "the Forest Small Rice Rat"),
        ("What kind of map can be created from the species distribution data?", '"density" map'),
        ("Which attribute contains the density at each grid location?", "coverage"),
        ("Who provided the species distribution dataset?", "Phillips et. al. (2006)"),
        (
            "What is the title of Phillips' 2006 paper?",
            "Maximum entropy modeling of species geographic distributions",
        ),
        ("Which journal published the maximum entropy species paper?", "Ecological Modelling"),
        ("How many sloths were observed in the species dataset?", None),
    ],
    "twenty_newsgroups": [
        ("About how many posts does the 20 newsgroups dataset comprise?", "around 18000"),
        ("On how many topics are the 20 newsgroups posts?", "20 topics"),
        (
            "What is the train/test split of the 20 newsgroups data based upon?",
            "messages posted before and after a specific date",
        ),
        (
            "Which function returns ready-to-use 20 newsgroups features?",
            "sklearn.datasets.fetch_20newsgroups_vectorized",
        ),
        (
            "In which folder are the 20 newsgroups archive contents extracted?",
            "~/scikit_learn_data/20news_home",
        ),
        (
            "Which function does fetch_20newsgroups call on the training or testing folder?",
            "sklearn.datasets.load_files",
        ),
        ("How many samples are loaded for the alt.atheism and sci.space sub-selection?", "1073"),
        ("On average how many non-zero components does a 20news TF-IDF vector have?", "159"),
        ("What can a classifier easily overfit on in the 20 Newsgroups data?", "newsgroup headers"),
        (
            "Which classifier is fast to train and achieves a decent F-score on 20 newsgroups?",
            "multinomial Naive Bayes",
        ),
        ("What F-score does naive Bayes get when the data is shuffled instead of split by time?", "0.88"),
        ("Which parameter tells the 20 newsgroups loaders what to strip from each file?", "remove"),
        ("What can the remove parameter strip out?", "headers, signature blocks, and quotation blocks"),
        ("Which baseball team decided to change its name?", "The Cleveland Indians"),
        (
            "In which month was it reported that the Cleveland Indians would change their name?",
            "December 2020",
        ),
        ("Who is the owner of the Cleveland baseball team?", "Paul Dolan"),
        ("What is the informal nickname of the Cleveland team?", "the Tribe"),
        ("What propagates when culturally biased and inflammatory text is used in NLP?", "biases"),
        ("What is the new name of the Cleveland baseball team?", None),
        ("Which newsgroup has the most posts?", None),
    ],
    "wine_data": [
        ("How many instances does the wine recognition dataset have?", "178"),
        ("How many numeric attributes does the wine dataset have?", "13"),
        ("How many samples are in wine class_1?", "71"),
        ("How many samples are in wine class_2?", "48"),
        ("The wine data is the result of what?", "a chemical analysis of wines"),
        ("In which country were the wines grown?", "Italy"),
        ("How many cultivators grew the wines?", "three"),
        ("Which program package are the wine data's original owners known for?", "PARVUS"),
        ("Where is the Institute of Pharmaceutical and Food Analysis and Technologies?", "Genoa, Italy"),
        ("Who maintains the cited UCI Machine Learning Repository entry from 2013?", "Lichman, M."),
        ("Which university is the UCI Machine Learning Repository at?", "University of California"),
        ("Which classifier achieved 100% correct classification on the wine data?", "RDA"),
        ("What accuracy did QDA achieve on the wine data?", "99.4%"),
        ("What accuracy did LDA achieve on the wine data?", "98.9%"),
        (
            "Which technique were all the wine classification results obtained with?",
            "leave-one-out technique",
        ),
        (
            "At which university were the wine classifier comparisons done?",
            "James Cook University of North Queensland",
        ),
        ("What is the tech report number of The Classification Performance of RDA?", "92-01"),
        ("What vintage years are the wines from?", None),
        ("What is the average price of the wines?", None),
    ],
}


def build() -> dict:
    docs = documents()
    data = []
    count = impossible = 0
    for name, qas in QA.items():
        title, paras = docs[name]
        squad_paras = [{"context": p, "qas": []} for p in paras]
        for i, (question, answer, *anchor) in enumerate(qas):
            qid = f"{name}-{i:02d}"
            count += 1
            if answer is None:
                impossible += 1
                squad_paras[0]["qas"].append({"id": qid, "question": question, "answers": [], "is_impossible": True})
                continue
            for para in squad_paras:
                offset = para["context"].find(anchor[0]) if anchor else 0
                start = para["context"].find(answer, max(offset, 0)) if offset >= 0 else -1
                if start >= 0:
                    para["qas"].append(
                        {
                            "id": qid,
                            "question": question,
                            "is_impossible": False,
                            "answers": [{"text": answer, "answer_start": start}],
                        }
                    )
                    break
            else:
                raise SystemExit(f"{qid}: answer {answer!r} not found in {name}")
        data.append({"title": title, "paragraphs": squad_paras})
    print(f"{count} questions ({impossible} unanswerable) over {len(data)} documents", file=sys.stderr)
    return {
        "version": "v2.0",
        "source": "hand-written questions over scikit-learn's bundled dataset "
        "descriptions (sklearn/datasets/descr, BSD-3-Clause)",
        "data": data,
    }


if __name__ == "__main__":
    OUT.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}", file=sys.stderr)
